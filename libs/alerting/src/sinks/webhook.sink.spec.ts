import { createTestTls, makeFinding, WebhookReceiver } from '@argus/testing';
import { alertFromFinding } from '../alert';
import { PermanentDeliveryError, TransientDeliveryError } from './alert-sink';
import { WebhookSink } from './webhook.sink';

describe('WebhookSink against a local HTTPS receiver', () => {
  const tls = createTestTls();
  const secret = 'a-webhook-secret-of-some-length';
  const receiver = new WebhookReceiver(tls, secret);
  let url: string;
  beforeAll(async () => (url = await receiver.start()));
  afterAll(() => receiver.stop());
  const alert = alertFromFinding(makeFinding(), new Date('2026-01-01T00:00:00Z'));

  it('delivers a signed JSON alert over verified TLS', async () => {
    await new WebhookSink({ url, secret, ca: tls.ca, timeoutMs: 2000 }).deliver(alert);
    const call = receiver.calls.at(-1)!;
    expect(call.json).toMatchObject({ alert_id: alert.alert_id, category: alert.category });
    expect(call.headers['x-argus-alert-id']).toBe(alert.alert_id);
  });

  it('refuses a certificate it cannot verify', async () => {
    await expect(new WebhookSink({ url, secret, timeoutMs: 2000 }).deliver(alert)).rejects.toBeInstanceOf(
      TransientDeliveryError,
    );
  });

  it('classifies 503 and 429 as transient (with Retry-After) and 401 as permanent', async () => {
    const sink = new WebhookSink({ url, secret, ca: tls.ca, timeoutMs: 2000 });
    receiver.failNext(1, 503);
    await expect(sink.deliver(alert)).rejects.toBeInstanceOf(TransientDeliveryError);
    receiver.failNext(1, 429, '3');
    await expect(sink.deliver(alert)).rejects.toMatchObject({ retryAfterMs: 3000 });
    const unsigned = new WebhookSink({
      url,
      secret: 'the-wrong-secret-entirely',
      ca: tls.ca,
      timeoutMs: 2000,
    });
    await expect(unsigned.deliver(alert)).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});
