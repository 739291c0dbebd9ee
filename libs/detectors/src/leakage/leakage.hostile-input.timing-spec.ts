import { fastestRunMs } from '@argus/testing';
import { type TelemetryEvent } from '@argus/contracts';
import { type Detector } from '../detector';
import { createCrossTenantDetector } from './cross-tenant/cross-tenant.detector';
import { createOutputExfiltrationDetector } from './exfiltration/output-exfiltration.detector';
import { leakageContext, segmentOf } from './leakage.test-context';
import { createPiiDetector } from './pii/pii.detector';
import { createSecretDetector } from './secret/secret.detector';
import { createSystemPromptOverlapDetector } from './system-prompt/system-prompt-overlap.detector';

const MIB = 1 << 20;
// Round-tripped through a Buffer so the string is flat, as one parsed from a Kafka message is.
const fill = (unit: string) =>
  Buffer.from(unit.repeat(Math.ceil(MIB / unit.length)).slice(0, MIB)).toString();

/** Inputs built to make naive patterns backtrack: long runs of what a pattern almost accepts. */
const HOSTILE: Record<string, string> = {
  digits: fill('1'),
  'spaced digits': fill('1 '),
  'dashed digits': fill('12-'),
  letters: fill('a'),
  'at signs': fill('a@'),
  'dotted words': fill('a.'),
  'ip-like': fill('1.1.1.'),
  colons: fill('a:'),
  'hex and colons': fill('ab:'),
  'base64-ish': fill('AbC9+/'),
  'key prefixes': fill('ghp_sk-AKIAxoxb-'),
  'assignments without value': fill('password = '),
  'unterminated markdown': fill('![a]('),
  'unterminated html': fill('<img src='),
  brackets: fill('[]('),
  'url without end': `https://x.example/?q=${fill('a')}`,
  'jwt-like': fill('eyJ.'),
  'camelCase key names': fill('monkeyKey'),
  'byte arrays': fill('key[] = {0x1, '),
  'base64 key-type markers': fill('Imt0eSJrdHkia3R5I'),
  'key-type members': fill('"kty": "RSA", '),
  'org ids': fill('org 00D'),
  'escaped tabs': fill('password\\t'),
  'pair notation': fill('ID/PW:a/'),
  'config entries': fill('key="password" value="'),
  'sql passwords': fill("identified by 'x"),
  'client flags': fill('mysql -p -p '),
  'setter calls': fill('password("'),
  'PEM headers without end': fill('-----BEGIN RSA PRIVATE KEY-----\nMIIE'),
  'base64 PEM prefixes': fill('LS0tLS1CRUdJTiBSU0Eg'),
  // Dense valid values: each one passes its checks, so the cost per value must stay bounded.
  'phone numbers': fill('212-555-0188 x1 '),
  'fictional phone numbers': fill('212-555-0100 '),
  'international numbers': fill('+44 20 7946 0000 '),
  'card numbers': fill('card 4111 1111 1111 1111 '),
  'dotted card numbers': fill('4111.1111.1111.1111 '),
  'e-mail addresses': fill('a@b.co '),
  'ip addresses': fill('10.0.0.1 '),
  ibans: fill('DE89 3704 0044 0532 0130 00 '),
  'prose separators': fill('password is '),
  'password options': fill('--password '),
};

const detectors: Detector[] = [
  createSecretDetector(),
  createPiiDetector(),
  createOutputExfiltrationDetector(),
];

describe('leakage detectors on hostile 1 MiB inputs', () => {
  const context = leakageContext();
  // Steady state, as in the service: compile the regexes and warm the JIT once before timing.
  beforeAll(() => {
    for (const detector of detectors)
      detector.detectSegment!(segmentOf(Object.values(HOSTILE).join(' ').slice(0, 65536), 'output'), context);
  });
  for (const [name, text] of Object.entries(HOSTILE)) {
    it(`finish within 50 ms each on ${name}`, () => {
      for (const detector of detectors) {
        const elapsed = fastestRunMs(() => detector.detectSegment!(segmentOf(text, 'output'), context), 50);
        expect({ detector: detector.id, elapsed: elapsed < 50 ? 'ok' : elapsed }).toEqual({
          detector: detector.id,
          elapsed: 'ok',
        });
      }
    });
  }

  it('compares a 1 MiB output with a 1 MiB system prompt within 50 ms', () => {
    const words = fill('word ');
    const event = {
      tenant_id: 'acme-bank',
      app_id: 'support-chat',
      system_instructions: [{ type: 'text', content: words }],
      output_messages: [{ role: 'assistant', parts: [{ type: 'text', content: words }] }],
      retrieval: Array.from({ length: 1000 }, (_, index) => ({
        document_id: `d${index}`,
        content: 'x',
        tenant_id: 'other',
      })),
    } as unknown as TelemetryEvent;
    for (const detector of [createSystemPromptOverlapDetector(), createCrossTenantDetector()]) {
      const elapsed = fastestRunMs(() => detector.detectEvent!(event, leakageContext({}, event)), 50);
      expect({ detector: detector.id, elapsed: elapsed < 50 ? 'ok' : elapsed }).toEqual({
        detector: detector.id,
        elapsed: 'ok',
      });
    }
  });
});
