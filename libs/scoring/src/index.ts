export * from './drift';
export * from './windows';
export * from './anomaly';
