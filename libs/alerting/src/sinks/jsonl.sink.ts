import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Alert } from '../alert';
import { type AlertSink } from './alert-sink';

/** One JSON line per alert to a file (appended) or to a writable stream such as stdout. */
export class JsonLinesSink implements AlertSink {
  readonly name: string;

  constructor(private readonly target: { file: string } | { stream: NodeJS.WritableStream }) {
    this.name = 'file' in target ? 'jsonl-file' : 'stdout';
  }

  async deliver(alert: Alert): Promise<void> {
    const line = `${JSON.stringify(alert)}\n`;
    if ('file' in this.target) {
      await mkdir(dirname(this.target.file), { recursive: true });
      await appendFile(this.target.file, line, 'utf8');
      return;
    }
    const stream = this.target.stream;
    await new Promise<void>((resolve, reject) => {
      stream.write(line, (error) => (error ? reject(error) : resolve()));
    });
  }
}
