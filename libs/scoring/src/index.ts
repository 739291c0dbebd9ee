export * from './drift';
export * from './windows';
