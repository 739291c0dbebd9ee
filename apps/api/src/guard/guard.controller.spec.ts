import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ARGUS_CONFIG, loadConfig } from '@argus/config';
import { type TelemetryEvent } from '@argus/contracts';
import { LOGGER, METRICS, createLogger, createMetrics } from '@argus/observability';
import { makeEvent } from '@argus/testing';
import { GuardController } from './guard.controller';
import { GuardDetectionError, GuardEvaluator, type GuardVerdict } from './guard.evaluator';
import { mountGuardRequestMiddleware } from './guard-request.middleware';

const TOKEN = 'controller-test-token-0123456789abcdef';
const PROMPT = 'please summarise my secret plan for the quarterly numbers';

/** The controller in a real Nest HTTP app, with the middleware mounted as bootstrap mounts it; detection stubbed. */
describe('GuardController (Nest app over HTTP)', () => {
  const config = loadConfig(
    { API_GUARD_ENABLED: 'true', API_GUARD_TOKEN: TOKEN, INGEST_MAX_EVENT_BYTES: String(200 * 1024) },
    '/tmp',
  );
  const evaluate = jest.fn<Promise<GuardVerdict>, [TelemetryEvent]>();
  const logLines: string[] = [];
  const metrics = createMetrics();
  let app: INestApplication;
  let url: string;

  async function start(mount: boolean): Promise<{ app: INestApplication; url: string }> {
    const moduleRef = await Test.createTestingModule({
      controllers: [GuardController],
      providers: [
        { provide: GuardEvaluator, useValue: { evaluate } },
        { provide: ARGUS_CONFIG, useValue: config },
        { provide: METRICS, useValue: metrics },
        {
          provide: LOGGER,
          useValue: createLogger({
            level: 'info',
            destination: { write: (line: string) => logLines.push(line) },
          }),
        },
      ],
    }).compile();
    const nest = moduleRef.createNestApplication({ logger: false });
    if (mount) mountGuardRequestMiddleware(nest, config, metrics);
    await nest.listen(0, '127.0.0.1');
    return { app: nest, url: `${(await nest.getUrl()).replace('[::1]', '127.0.0.1')}/v1/guard` };
  }

  beforeAll(async () => ({ app, url } = await start(true)));
  afterAll(() => app.close());
  beforeEach(() => {
    evaluate.mockReset();
    logLines.length = 0;
  });

  const post = (body: string) =>
    fetch(url, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    });
  const counter = async (name: string, label: string) =>
    (await metrics.registry.getSingleMetricAsString(name))
      .split('\n')
      .find((line) => line.includes(label))
      ?.split(' ')[1];

  it('answers the verdict with latency_ms, not cached, and counts it', async () => {
    evaluate.mockImplementation((event) =>
      Promise.resolve({ event_id: event.event_id, decision: 'flag', risk_score: 0.3, findings: [] }),
    );
    const response = await post(JSON.stringify(makeEvent({ event_id: 'evt-ctl-1', input: 'hi' })));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      event_id: 'evt-ctl-1',
      decision: 'flag',
      risk_score: 0.3,
      findings: [],
      latency_ms: expect.any(Number),
    });
    expect(evaluate).toHaveBeenCalledWith(
      expect.objectContaining({ event_id: 'evt-ctl-1', tenant_id: 'acme-bank' }),
    );
    expect(await counter('argus_guard_decisions_total', 'decision="flag"')).toBe('1');
  });

  it("reads bodies past Nest's 100 kB JSON default (its parser never sees them) up to the event limit", async () => {
    evaluate.mockImplementation((event) =>
      Promise.resolve({ event_id: event.event_id, decision: 'allow', risk_score: 0, findings: [] }),
    );
    expect((await post(JSON.stringify(makeEvent({ input: 'x'.repeat(150 * 1024) })))).status).toBe(200);
    const tooLarge = await post(JSON.stringify(makeEvent({ input: 'x'.repeat(210 * 1024) })));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({
      statusCode: 413,
      message: expect.stringMatching(/204800 bytes/),
    });
  });

  it('answers 500 with a generic message when detection throws, and logs no prompt text or error message', async () => {
    evaluate.mockRejectedValue(new Error(`detector choked on "${PROMPT}"`));
    const response = await post(JSON.stringify(makeEvent({ event_id: 'evt-ctl-500', input: PROMPT })));
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'detection_failed',
      message: 'detection failed; no verdict was given',
    });
    expect(body).not.toContain(PROMPT);
    const logged = logLines.join('');
    expect(logged).toContain('guard detection failed');
    expect(logged).toContain('evt-ctl-500');
    expect(logged).not.toContain(PROMPT);
    expect(logged).not.toContain('choked');
    expect(await counter('argus_guard_rejected_total', 'reason="detection_failed"')).toBe('1');
    // The API is still up.
    evaluate.mockResolvedValue({ event_id: 'x', decision: 'allow', risk_score: 0, findings: [] });
    expect((await post(JSON.stringify(makeEvent({ input: 'hi' })))).status).toBe(200);
  });

  it('names the failed detectors in the log line of a partial detection', async () => {
    evaluate.mockRejectedValue(new GuardDetectionError(['injection']));
    expect((await post(JSON.stringify(makeEvent({ input: PROMPT })))).status).toBe(500);
    expect(logLines.join('')).toMatch(/"detectors":\["injection"\]/);
  });

  it('answers 400 with the issues and counts the reason', async () => {
    const response = await post(JSON.stringify({ app_id: 'a' }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'schema_violation',
      issues: [expect.objectContaining({ path: 'tenant_id' })],
    });
    expect(evaluate).not.toHaveBeenCalled();
  });

  it('refuses to judge when the app was composed without the middleware (no authentication happened)', async () => {
    const bare = await start(false);
    try {
      const response = await fetch(bare.url, {
        method: 'POST',
        body: JSON.stringify(makeEvent({ input: 'hi' })),
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(500);
      expect(evaluate).not.toHaveBeenCalled();
    } finally {
      await bare.app.close();
    }
  });
});
