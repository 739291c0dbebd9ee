export * from './embedding.provider';
export * from './hashing.embedder';
