import { type Detector } from './detector';
import { DetectorsError } from './detectors.error';
import { detectorSettings } from './policy/app-policy.resolver';
import { type AppPolicy } from './policy/detection-policy.schema';

/** The detectors a pipeline can run, in registration order (which is the order findings come out). */
export class DetectorRegistry {
  private readonly detectors = new Map<string, Detector>();

  constructor(detectors: Iterable<Detector> = []) {
    for (const detector of detectors) this.register(detector);
  }

  register(detector: Detector): this {
    if (this.detectors.has(detector.id)) {
      throw new DetectorsError(
        'duplicate_detector',
        `a detector with id "${detector.id}" is already registered`,
      );
    }
    if (!detector.detectSegment && !detector.detectEvent && !detector.deriveSegments) {
      throw new TypeError(
        `detector "${detector.id}" implements none of detectSegment, detectEvent and deriveSegments`,
      );
    }
    this.detectors.set(detector.id, detector);
    return this;
  }

  get(id: string): Detector | undefined {
    return this.detectors.get(id);
  }

  has(id: string): boolean {
    return this.detectors.has(id);
  }

  list(): Detector[] {
    return [...this.detectors.values()];
  }

  ids(): string[] {
    return [...this.detectors.keys()];
  }

  /** Detectors the app's policy leaves enabled (a detector the policy does not name is enabled). */
  enabled(policy: AppPolicy): Detector[] {
    return this.list().filter((detector) => detectorSettings(policy, detector.id).enabled);
  }
}
