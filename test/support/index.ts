export * from './finding.factory';
export * from './test-tls';
export * from './webhook-receiver';
export * from './argus-process';
export * from './kafka-test-client';
export * from './synthetic-traffic';
export * from './event.factory';
export * from './chromium';
