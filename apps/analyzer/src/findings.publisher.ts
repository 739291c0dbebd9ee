import { type Finding } from '@argus/contracts';
import { type KafkaProducerPort } from '@argus/kafka';
import { type ArgusMetrics } from '@argus/observability';

/**
 * Produces analyzer findings to the findings topic (resolves once the broker has them) and counts them.
 * Keyed `tenant:event_id`: a window or entity-hour finding has no conversation, and its `event_id` names
 * the series, so one series' findings stay ordered on one partition.
 */
export async function publishAnalyzerFindings(
  producer: KafkaProducerPort,
  topic: string,
  metrics: ArgusMetrics,
  findings: readonly Finding[],
): Promise<void> {
  if (findings.length === 0) return;
  await producer.send(
    topic,
    findings.map((finding) => ({
      key: `${finding.tenant_id}:${finding.event_id}`,
      value: JSON.stringify(finding),
      headers: { 'argus-finding-id': finding.finding_id, 'argus-event-id': finding.event_id },
    })),
  );
  metrics.recordsProduced.inc({ topic }, findings.length);
  for (const finding of findings)
    metrics.findings.inc({ category: finding.category, severity: finding.severity });
}
