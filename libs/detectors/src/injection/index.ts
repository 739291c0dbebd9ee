export * from './injection.detector';
export * from './injection.analyser';
export * from './injection.model';
export * from './injection.options';
export * from './exemplar.index';
export { type InjectionRule, type SignalFamily, SIGNAL_FAMILIES } from './rules/rule';
