export * from './behaviour.types';
export * from './behaviour.metrics';
export * from './behaviour-anomaly.detector';
export * from './count.tests';
export * from './ewma';
export { DAY_MS, HOUR_MS, MAD_TO_SIGMA, WEEK_MS } from './robust.baseline';
export * from './behaviour.simulator';
export * from './event-tokens.scorer';
