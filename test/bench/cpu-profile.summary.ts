import { readFileSync } from 'node:fs';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type CpuProfile = {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};

export type CpuProfileSummary = {
  profiledSeconds: number;
  /** Share of the JS main thread's time per area (idle = waiting in the event loop). */
  byArea: Record<string, number>;
  /** Functions with the most self time: "name (file:line)" → share. */
  topFunctions: Record<string, number>;
};

/** Where the time of an Argus JS thread went, by the package or library that was on top of the stack. */
const AREAS: [RegExp, string][] = [
  [/node_modules\/kafkajs\//, 'kafkajs'],
  [/node_modules\/@clickhouse\//, '@clickhouse/client'],
  [/node_modules\/chdb\//, 'chdb (JS side)'],
  [/node_modules\/zod\//, 'zod (schema validation)'],
  [/node_modules\/pino/, 'pino (logs)'],
  [/node_modules\/prom-client\//, 'prom-client'],
  [
    /node_modules\/@nestjs\/|node_modules\/express|node_modules\/body-parser|node_modules\/router\//,
    'Nest/Express (API)',
  ],
  [/libs\/detectors\//, 'libs/detectors'],
  [/libs\/ingestion\//, 'libs/ingestion'],
  [/libs\/contracts\//, 'libs/contracts'],
  [/libs\/clickhouse\//, 'libs/clickhouse (writer)'],
  [/libs\/kafka\//, 'libs/kafka'],
  [/apps\//, 'apps'],
  [/^node:|^internal\//, 'node internals'],
];

function areaOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (url === '') {
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(garbage collector)') return 'garbage collector';
    if (functionName === '(program)') return 'native / V8 (program)';
    // Builtins such as JSON.parse / JSON.stringify have no url.
    return `builtin: ${functionName || '(anonymous)'}`;
  }
  return AREAS.find(([pattern]) => pattern.test(url))?.[1] ?? 'other';
}

export function summarizeCpuProfile(path: string, top = 15): CpuProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicroseconds = new Map<number, number>();
  profile.samples.forEach((id, index) =>
    selfMicroseconds.set(id, (selfMicroseconds.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)),
  );
  const total = [...selfMicroseconds.values()].reduce((sum, value) => sum + value, 0) || 1;
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, micros] of selfMicroseconds) {
    const node = nodes.get(id);
    if (node === undefined) continue;
    const area = areaOf(node);
    byArea.set(area, (byArea.get(area) ?? 0) + micros);
    const file = node.callFrame.url.split('/').slice(-2).join('/');
    const name = `${node.callFrame.functionName || '(anonymous)'}${file ? ` (${file}:${node.callFrame.lineNumber + 1})` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  }
  const shares = (map: Map<string, number>, limit: number) =>
    Object.fromEntries(
      [...map.entries()]
        .sort((left, right) => right[1] - left[1])
        .slice(0, limit)
        .map(([name, micros]) => [name, Math.round((micros / total) * 1000) / 10]),
    );
  return {
    profiledSeconds: Math.round((profile.endTime - profile.startTime) / 1e4) / 100,
    byArea: shares(byArea, 20),
    topFunctions: shares(byFunction, top),
  };
}
