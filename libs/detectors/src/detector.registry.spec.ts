import { type Detector } from './detector';
import { DetectorRegistry } from './detector.registry';
import { DetectorsError } from './detectors.error';
import { defaultDetectorRegistry } from './default-registry';
import { resolveAppPolicy } from './policy/app-policy.resolver';
import { parseDetectionPolicy } from './policy/detection-policy.loader';

const detector = (id: string): Detector => ({ id, version: '1', description: id, detectSegment: () => [] });

describe('DetectorRegistry', () => {
  it('lists detectors in registration order', () => {
    const registry = new DetectorRegistry([detector('b'), detector('a')]).register(detector('c'));
    expect(registry.ids()).toEqual(['b', 'a', 'c']);
    expect(registry.get('a')?.id).toBe('a');
    expect(registry.has('z')).toBe(false);
  });

  it('rejects a duplicate id with a typed error', () => {
    const registry = new DetectorRegistry([detector('canary')]);
    expect(() => registry.register(detector('canary'))).toThrow(DetectorsError);
    expect(() => registry.register(detector('canary'))).toThrow(
      'a detector with id "canary" is already registered',
    );
    try {
      registry.register(detector('canary'));
    } catch (error) {
      expect((error as DetectorsError).code).toBe('duplicate_detector');
    }
  });

  it('rejects a detector with nothing to run', () => {
    expect(() => new DetectorRegistry([{ id: 'empty', version: '1', description: '' }])).toThrow(
      /none of detectSegment/,
    );
  });

  it('returns the subset an app policy enables', () => {
    const registry = new DetectorRegistry([detector('canary'), detector('pii'), detector('jailbreak')]);
    const policy = parseDetectionPolicy(`
version: 1
defaults: { detectors: { pii: { enabled: false } } }
apps:
  - { tenant_id: t, app_id: a, detectors: { jailbreak: { enabled: false }, pii: { enabled: true } } }
`);
    expect(registry.enabled(resolveAppPolicy(policy, 't', 'a')).map((enabled) => enabled.id)).toEqual([
      'canary',
      'pii',
    ]);
    expect(registry.enabled(resolveAppPolicy(policy, 't', 'b')).map((enabled) => enabled.id)).toEqual([
      'canary',
      'jailbreak',
    ]);
  });

  it('ships the canary and adversarial-input detectors in the default registry', () => {
    expect(defaultDetectorRegistry().ids()).toEqual(
      expect.arrayContaining(['canary', 'unicode_smuggling', 'encoded_payload', 'adversarial_suffix']),
    );
  });
});
