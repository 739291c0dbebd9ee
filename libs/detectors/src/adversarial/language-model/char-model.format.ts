/** The file `build-char-model.ts` writes and `char-model.ts` reads. */
export const MODEL_FORMAT = 'argus-char-trigram/1';

/** Costs are stored as round(−log2 P × MODEL_SCALE), one byte each (so at most 255/8 ≈ 32 bits). */
export const MODEL_SCALE = 8;

export type CharModelFile = {
  format: string;
  order: number;
  /** `CHARACTER_CLASSES` at build time: the scorer refuses a model built for other classes. */
  classes: string;
  scale: number;
  trained_characters: number;
  sources: { name: string; licence: string; sha256: string; units: number }[];
  /** Base64 of CLASS_COUNT³ bytes, index (a·K + b)·K + c for P(c | a b). */
  costs: string;
};
