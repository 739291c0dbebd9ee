export * from './storage.redactor';
export * from './storage-policy.resolver';
export * from './text-spans';
export * from './json-value.redactor';
