import { decodeHeaders, toConsumedRecord, toKafkaJsMessage } from './kafkajs-records.mapper';

describe('decodeHeaders', () => {
  it('decodes buffers as UTF-8 and keeps the last value of a repeated header', () => {
    expect(
      decodeHeaders({
        'content-type': Buffer.from('application/json'),
        tenant: 'acme',
        repeated: [Buffer.from('first'), Buffer.from('élan')],
        missing: undefined,
      }),
    ).toEqual({ 'content-type': 'application/json', tenant: 'acme', repeated: 'élan' });
  });

  it('is empty without headers', () => {
    expect(decodeHeaders(undefined)).toEqual({});
  });
});

describe('record mapping', () => {
  it('turns a kafkajs message into a consumed record', () => {
    const record = toConsumedRecord('events', 1, {
      key: Buffer.from('k'),
      value: null,
      timestamp: '1760000000000',
      attributes: 0,
      offset: '12',
      headers: { h: Buffer.from('v') },
    });
    expect(record).toEqual({
      topic: 'events',
      partition: 1,
      offset: '12',
      key: Buffer.from('k'),
      value: null,
      headers: { h: 'v' },
      timestamp: '1760000000000',
    });
  });

  it('sends a missing key as null and copies headers', () => {
    const headers = { a: 'b' };
    const message = toKafkaJsMessage({ value: 'v', headers });
    expect(message).toEqual({ key: null, value: 'v', headers: { a: 'b' } });
    expect(message.headers).not.toBe(headers);
  });
});
