export * from './finding.factory';
export * from './test-tls';
export * from './webhook-receiver';
