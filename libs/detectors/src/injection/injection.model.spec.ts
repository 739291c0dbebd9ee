import { FEATURE_NAMES, type Features } from './injection.analyser';
import { DIRECT_MODEL, directCategory, scoreFeatures, severityFor, withOverrides } from './injection.model';

const features = (values: Partial<Features>): Features =>
  Object.fromEntries(FEATURE_NAMES.map((name) => [name, values[name] ?? 0])) as Features;

describe('injection scoring model', () => {
  it('maps no evidence to a low score and strong evidence to a high one, monotonically', () => {
    const nothing = scoreFeatures(features({}), DIRECT_MODEL).score;
    const one = scoreFeatures(features({ override: 1 }), DIRECT_MODEL).score;
    const two = scoreFeatures(features({ override: 1, extraction: 1 }), DIRECT_MODEL).score;
    expect(nothing).toBeLessThan(0.01);
    expect(one).toBeGreaterThan(nothing);
    expect(two).toBeGreaterThan(one);
    expect(two).toBeGreaterThan(0.95);
  });

  it('keeps a persona alone under the report threshold', () => {
    expect(
      scoreFeatures(features({ persona: 1, length: 0.5, imperative: 1 }), DIRECT_MODEL).score,
    ).toBeLessThan(0.4);
  });

  it('lists contributions largest first and decides the category by the families that carried the score', () => {
    const jailbreak = scoreFeatures(features({ refusal_suppression: 1, override: 0.3 }), DIRECT_MODEL);
    expect(jailbreak.contributions[0].feature).toBe('refusal_suppression');
    expect(directCategory(jailbreak.contributions, undefined)).toBe('jailbreak');
    const injection = scoreFeatures(features({ extraction: 1, persona: 0.4 }), DIRECT_MODEL);
    expect(directCategory(injection.contributions, undefined)).toBe('prompt_injection');
    const similarOnly = scoreFeatures(features({ similarity: 0.7 }), DIRECT_MODEL);
    expect(directCategory(similarOnly.contributions, 'jailbreak')).toBe('jailbreak');
    expect(directCategory(similarOnly.contributions, 'prompt_injection')).toBe('prompt_injection');
  });

  it('applies policy overrides of the bias and of single weights', () => {
    const model = withOverrides(DIRECT_MODEL, { bias: 0, persona: 10 });
    expect(model.bias).toBe(0);
    expect(model.weights.persona).toBe(10);
    expect(model.weights.override).toBe(DIRECT_MODEL.weights.override);
  });

  it('derives severity from the score', () => {
    expect([0.4, 0.8, 0.97].map(severityFor)).toEqual(['low', 'medium', 'high']);
  });
});
