export * from './alert';
export * from './alert-delivery';
export * from './sinks/alert-sink';
export * from './sinks/jsonl.sink';
export * from './sinks/webhook.sink';
export * from './alert-rows';
export * from './format';
