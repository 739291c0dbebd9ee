export * from './alert-view';
export * from './atlas-techniques';
export * from './slack.format';
export * from './splunk-hec.format';
export * from './elastic-ecs.format';
export * from './ocsf.format';
export * from './cef.format';
export * from './syslog.format';
