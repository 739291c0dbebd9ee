import { type Severity } from '@argus/contracts';
import { type GuardThresholds, decideGuardVerdict } from './guard-decision';

const findings = (...severities: Severity[]) => severities.map((severity) => ({ severity }));
const DEFAULTS: GuardThresholds = { blockMinSeverity: 'high', flagMinSeverity: 'low' };

describe('decideGuardVerdict', () => {
  it('allows an event without findings, whatever the thresholds', () => {
    expect(decideGuardVerdict([], DEFAULTS)).toBe('allow');
    expect(decideGuardVerdict([], { blockMinSeverity: 'info', flagMinSeverity: 'info' })).toBe('allow');
  });

  it('with the defaults: info allows, low and medium flag, high and critical block', () => {
    expect(decideGuardVerdict(findings('info'), DEFAULTS)).toBe('allow');
    expect(decideGuardVerdict(findings('low'), DEFAULTS)).toBe('flag');
    expect(decideGuardVerdict(findings('medium'), DEFAULTS)).toBe('flag');
    expect(decideGuardVerdict(findings('high'), DEFAULTS)).toBe('block');
    expect(decideGuardVerdict(findings('critical'), DEFAULTS)).toBe('block');
  });

  it('decides on the most severe finding, wherever it is in the list', () => {
    expect(decideGuardVerdict(findings('info', 'low', 'critical', 'medium'), DEFAULTS)).toBe('block');
    expect(decideGuardVerdict(findings('info', 'medium', 'info'), DEFAULTS)).toBe('flag');
  });

  it('follows other thresholds: block only critical, flag from medium', () => {
    const strict: GuardThresholds = { blockMinSeverity: 'critical', flagMinSeverity: 'medium' };
    expect(decideGuardVerdict(findings('high'), strict)).toBe('flag');
    expect(decideGuardVerdict(findings('low'), strict)).toBe('allow');
    expect(decideGuardVerdict(findings('critical'), strict)).toBe('block');
  });

  it('never blocks with block "off" (trial run), never flags with flag "off"', () => {
    expect(
      decideGuardVerdict(findings('critical'), { blockMinSeverity: 'off', flagMinSeverity: 'low' }),
    ).toBe('flag');
    expect(decideGuardVerdict(findings('medium'), { blockMinSeverity: 'high', flagMinSeverity: 'off' })).toBe(
      'allow',
    );
    expect(decideGuardVerdict(findings('high'), { blockMinSeverity: 'high', flagMinSeverity: 'off' })).toBe(
      'block',
    );
    expect(
      decideGuardVerdict(findings('critical'), { blockMinSeverity: 'off', flagMinSeverity: 'off' }),
    ).toBe('allow');
  });

  it('with equal thresholds, a finding at them blocks', () => {
    expect(
      decideGuardVerdict(findings('medium'), { blockMinSeverity: 'medium', flagMinSeverity: 'medium' }),
    ).toBe('block');
  });
});
