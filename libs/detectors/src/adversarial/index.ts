export {
  AdversarialSuffixOptionsSchema,
  EncodedPayloadOptionsSchema,
  UnicodeSmugglingOptionsSchema,
} from './adversarial.options';
export * from './unicode/unicode-smuggling.detector';
export * from './encoding/encoded-payload.detector';
export * from './suffix/adversarial-suffix.detector';
