import { type KafkaLogger } from '../kafka.port';
import { createKafkaClient } from './kafkajs.client';

describe('createKafkaClient', () => {
  it('creates clients without connecting and without the kafkajs partitioner warning', async () => {
    const logger = jest.fn<void, Parameters<KafkaLogger>>();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const client = createKafkaClient({
        brokers: ['127.0.0.1:1'],
        clientId: 'unit',
        logger,
        logLevel: 'info',
      });
      const producer = client.createProducer();
      client.createBatchConsumer({ groupId: 'unit' });
      client.createAdmin();
      await producer.disconnect();
      expect(logger.mock.calls.filter(([level]) => level === 'warn' || level === 'error')).toEqual([]);
      expect(warn).not.toHaveBeenCalled();
      expect(log).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });

  it('refuses bad options before any connection', () => {
    expect(() => createKafkaClient({ brokers: ['nope'], clientId: 'unit' })).toThrow(/host:port/);
  });
});
