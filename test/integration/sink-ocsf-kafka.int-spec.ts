import { randomUUID } from 'node:crypto';
import { OcsfKafkaSink, alertFromFinding } from '@argus/alerting';
import { KafkaTestClient, makeFinding } from '@argus/testing';

/** OCSF Detection Findings to an alerts topic on the real test broker, through the producer port. */
describe('OCSF Kafka sink', () => {
  const kafka = new KafkaTestClient();
  const topic = `ai.alerts.v1.test-${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    await kafka.connect();
    await kafka.admin.ensureTopics([{ topic, partitions: 2 }]);
  });
  afterAll(() => kafka.disconnect());

  it('publishes one OCSF Detection Finding per alert, keyed by alert id', async () => {
    const sink = new OcsfKafkaSink(kafka.producer, topic, { productVersion: '0.0.0-test' });
    const alerts = [1, 2, 3].map((index) =>
      alertFromFinding(makeFinding({ finding_id: `f-ocsf-${index}` }), new Date('2026-04-01T00:00:00Z')),
    );
    for (const alert of alerts) await sink.deliver(alert);
    const records = await kafka.readAll(topic, 3, 30_000);
    expect(records).toHaveLength(3);
    const byKey = new Map(records.map((record) => [record.key?.toString('utf8'), record]));
    for (const alert of alerts) {
      const record = byKey.get(alert.alert_id);
      expect(record?.headers['ocsf-class-uid']).toBe('2004');
      expect(JSON.parse(record?.value?.toString('utf8') ?? '{}')).toMatchObject({
        class_uid: 2004,
        type_uid: 200401,
        finding_info: { uid: alert.alert_id, attacks: [{ technique: { uid: 'AML.T0056' } }] },
      });
    }
  });
});
