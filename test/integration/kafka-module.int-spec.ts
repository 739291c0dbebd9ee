// The Nest glue of libs/kafka: KafkaModule wires the shared producer, admin and consumer factory,
// connects them at init and closes everything when the application closes.
import { randomBytes } from 'node:crypto';
import { Test } from '@nestjs/testing';
import {
  type ConsumedRecord,
  KAFKA_ADMIN,
  KAFKA_PRODUCER,
  type KafkaAdminPort,
  KafkaConsumerFactory,
  KafkaModule,
  type KafkaProducerPort,
} from '@argus/kafka';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const CONNECTION_OPTIONS = 'test:kafka-connection';

describe('KafkaModule', () => {
  it('provides a connected producer and admin, and consumers it closes on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        KafkaModule.forRootAsync({
          imports: [
            {
              module: class ConnectionModule {},
              providers: [
                { provide: CONNECTION_OPTIONS, useValue: { brokers, clientId: 'argus-module-test' } },
              ],
              exports: [CONNECTION_OPTIONS],
            },
          ],
          useFactory: (connection: { brokers: string[]; clientId: string }) => ({ connection }),
          inject: [CONNECTION_OPTIONS],
        }),
      ],
    }).compile();
    const app = await moduleRef.init();

    const topic = `argus-test.module.${randomBytes(4).toString('hex')}`;
    const admin = app.get<KafkaAdminPort>(KAFKA_ADMIN);
    const producer = app.get<KafkaProducerPort>(KAFKA_PRODUCER);
    expect(await admin.ensureTopics([{ topic, partitions: 1 }])).toEqual([topic]);
    expect(await admin.ensureTopics([{ topic, partitions: 1 }])).toEqual([]);
    await producer.send(topic, [{ key: 'k', value: 'through the module' }]);

    const received: ConsumedRecord[] = [];
    const consumer = app.get(KafkaConsumerFactory).create({ groupId: `${topic}.group` });
    await consumer.connect();
    await consumer.subscribe([topic], { fromBeginning: true });
    await consumer.run((batch) => {
      received.push(...batch.records);
      return Promise.resolve();
    });
    const deadline = Date.now() + 20_000;
    while (received.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received.map((record) => record.value?.toString())).toEqual(['through the module']);

    await admin.deleteTopics([topic]);
    await app.close();
    expect(consumer.isAssigned()).toBe(false);
  });
});
