export * from './text.normaliser';
