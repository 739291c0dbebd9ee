export * from './drift.analysis';
export * from './drift.explanation';
export * from './multiple-testing';
export * from './outlier.scorer';
export * from './vectors';
export { MEDIAN_HEURISTIC_MAX_POINTS } from './kernel.matrix';
export * from './drift.run';
export * from './drift-test.pool';
