import { once } from 'node:events';
import { type Writable } from 'node:stream';
import { type DeadLetterCode, type DetectionErrorLine, type DetectionResultLine } from '@argus/contracts';
import { parseTelemetryText } from '@argus/ingestion';
import {
  type DetectionPipeline,
  type ModelSignals,
  type SegmentModels,
  computeModelSignals,
} from '@argus/detectors';
import { type TelemetryEvent } from '@argus/contracts';
import { type JsonlLine, readJsonlLines } from './jsonl-lines';

export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
/** Same default as ingest's INGEST_MAX_TEXT_PART_BYTES. */
export const DEFAULT_MAX_TEXT_PART_BYTES = 256 * 1024;

export type DetectDeps = {
  pipeline: DetectionPipeline;
  /** Lines longer than this (bytes) are reported `too_large` without being parsed. */
  maxEventBytes: number;
  /** Optional models run before detection, on blocks of `MODEL_BLOCK_LINES` lines. */
  models?: SegmentModels;
};

/** Lines given to the optional models in one call (they batch; the detectors do not need to). */
const MODEL_BLOCK_LINES = 64;

export type DetectSummary = { lines: number; events: number; errors: number; findings: number };

/** Output is written in blocks of about this size rather than one write per line. */
const WRITE_BLOCK_CHARACTERS = 64 * 1024;

/**
 * The `bin/argus detect` contract (ARCHITECTURE.md §4): one output line per input line, in order;
 * `{"event_id","risk_score","findings"}` for an event, `{"line": N, "error": "<code>: <reason>"}` for a
 * line that is not one (codes are the DLQ's: too_large, invalid_json, schema_violation, empty_message,
 * processing_failed). Bad lines never stop the run. Honours back-pressure on `output`.
 */
export async function runDetect(
  input: AsyncIterable<Buffer | string>,
  output: Writable,
  deps: DetectDeps,
): Promise<DetectSummary> {
  const summary: DetectSummary = { lines: 0, events: 0, errors: 0, findings: 0 };
  let block = '';
  const emit = async (result: DetectionResultLine | DetectionErrorLine) => {
    summary.lines++;
    if ('error' in result) summary.errors++;
    else {
      summary.events++;
      summary.findings += result.findings.length;
    }
    block += `${JSON.stringify(result)}\n`;
    if (block.length >= WRITE_BLOCK_CHARACTERS) {
      await write(output, block);
      block = '';
    }
  };
  const models = deps.models;
  let pending: JsonlLine[] = [];
  const flushPending = async () => {
    if (models === undefined || pending.length === 0) return;
    const decoded = pending.map((line) => ({
      number: line.number,
      result: decodeLine(line, deps.maxEventBytes),
    }));
    const events = decoded.flatMap(({ result }) => (result.ok ? [result.event] : []));
    const signals = await computeModelSignals(events, models);
    let next = 0;
    for (const { number, result } of decoded) {
      await emit(
        result.ok ? detectDecoded(result.event, number, deps.pipeline, signals[next++]) : result.failure,
      );
    }
    pending = [];
  };
  for await (const line of readJsonlLines(input, deps.maxEventBytes)) {
    if (models === undefined) {
      await emit(detectLine(line, deps.pipeline, deps.maxEventBytes));
      continue;
    }
    pending.push(line);
    if (pending.length >= MODEL_BLOCK_LINES) await flushPending();
  }
  await flushPending();
  if (block.length > 0) await write(output, block);
  return summary;
}

export function detectLine(
  line: JsonlLine,
  pipeline: DetectionPipeline,
  maxEventBytes: number,
  maxTextPartBytes = DEFAULT_MAX_TEXT_PART_BYTES,
): DetectionResultLine | DetectionErrorLine {
  const decoded = decodeLine(line, maxEventBytes, maxTextPartBytes);
  return decoded.ok ? detectDecoded(decoded.event, line.number, pipeline) : decoded.failure;
}

function decodeLine(
  line: JsonlLine,
  maxEventBytes: number,
  maxTextPartBytes = DEFAULT_MAX_TEXT_PART_BYTES,
): { ok: true; event: TelemetryEvent } | { ok: false; failure: DetectionErrorLine } {
  const fail = (code: DeadLetterCode, reason: string) => ({
    ok: false as const,
    failure: { line: line.number, error: `${code}: ${reason}` },
  });
  if ('tooLarge' in line)
    return fail('too_large', `line is ${line.bytes} bytes, more than the limit of ${maxEventBytes}`);
  if ('invalidUtf8' in line) return fail('invalid_json', 'value is not valid UTF-8');
  const decoded = parseTelemetryText(line.text, { maxEventBytes, maxTextPartBytes });
  return decoded.ok ? { ok: true, event: decoded.event } : fail(decoded.code, decoded.reason);
}

function detectDecoded(
  event: TelemetryEvent,
  lineNumber: number,
  pipeline: DetectionPipeline,
  signals?: ModelSignals,
): DetectionResultLine | DetectionErrorLine {
  try {
    const { risk_score, findings } = pipeline.run(event, signals);
    return { event_id: event.event_id, risk_score, findings };
  } catch (error) {
    return {
      line: lineNumber,
      error: `processing_failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

async function write(output: Writable, text: string): Promise<void> {
  if (output.destroyed || output.writableEnded) throw new Error('output closed');
  if (output.write(text)) return;
  // Whichever comes first; aborting removes the other listener so long runs do not pile them up.
  const controller = new AbortController();
  try {
    await Promise.race([once(output, 'drain', controller), once(output, 'close', controller)]);
  } finally {
    controller.abort();
  }
}
