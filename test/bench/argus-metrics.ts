/** A few series of Argus's Prometheus metrics, summed over their labels unless a label filter is given. */
export type MetricTotals = {
  /** argus_batch_duration_seconds sum/count, consumer="ingest": whole batch handler (decode → stored). */
  ingestBatchSeconds: number;
  ingestBatches: number;
  /** argus_clickhouse_flush_duration_seconds sum/count per table: one insert request, retries included. */
  flushSeconds: Record<string, number>;
  flushes: Record<string, number>;
  rowsWritten: Record<string, number>;
  eventsIngested: number;
  /** Node's own view of its memory (prom-client default metrics), MiB: V8 heap and Buffers/external. */
  heapTotalMb: number;
  heapUsedMb: number;
  externalMb: number;
};

type Sample = { name: string; labels: Record<string, string>; value: number };

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[pair[1]] = pair[2];
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

async function fetchMetrics(apiUrl: string): Promise<string> {
  try {
    return await (await fetch(`${apiUrl}/metrics`)).text();
  } catch {
    // A kept-alive socket the server closed while this process was busy: one retry on a fresh one.
    return (await fetch(`${apiUrl}/metrics`)).text();
  }
}

export async function scrapeMetrics(apiUrl: string): Promise<MetricTotals> {
  const samples = parse(await fetchMetrics(apiUrl));
  const sum = (name: string, filter: (labels: Record<string, string>) => boolean = () => true) =>
    samples
      .filter((sample) => sample.name === name && filter(sample.labels))
      .reduce((total, sample) => total + sample.value, 0);
  const byTable = (name: string) => {
    const totals: Record<string, number> = {};
    for (const sample of samples.filter((candidate) => candidate.name === name)) {
      const table = sample.labels.table ?? '';
      totals[table] = (totals[table] ?? 0) + sample.value;
    }
    return totals;
  };
  return {
    ingestBatchSeconds: sum('argus_batch_duration_seconds_sum', (labels) => labels.consumer === 'ingest'),
    ingestBatches: sum('argus_batch_duration_seconds_count', (labels) => labels.consumer === 'ingest'),
    flushSeconds: byTable('argus_clickhouse_flush_duration_seconds_sum'),
    flushes: byTable('argus_clickhouse_flush_duration_seconds_count'),
    rowsWritten: byTable('argus_clickhouse_rows_written_total'),
    eventsIngested: sum('argus_events_ingested_total'),
    heapTotalMb: sum('argus_process_nodejs_heap_size_total_bytes') / 1024 / 1024,
    heapUsedMb: sum('argus_process_nodejs_heap_size_used_bytes') / 1024 / 1024,
    externalMb: sum('argus_process_nodejs_external_memory_bytes') / 1024 / 1024,
  };
}
