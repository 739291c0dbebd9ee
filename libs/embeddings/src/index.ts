export * from './embedding.provider';
export * from './hashing.embedder';
export * from './embedding-service';
export * from './embedding-service.factory';
