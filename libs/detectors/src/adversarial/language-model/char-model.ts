import { CHARACTER_CLASSES, CLASS_COUNT, SKIPPED, SPACE_CLASS, characterClass } from './char-classes';
import { type CharModelFile, MODEL_FORMAT } from './char-model.format';
import modelFile from './char-model.data.json';

/**
 * Character trigram model of natural English text (built by `build-char-model.ts` from public text,
 * see NOTICE.md). Scores are in bits per character: the cross-entropy of a text under the model.
 * Ordinary English prose scores about 2.5–3.5; other Latin-script languages a little higher;
 * identifiers, encodings, symbol soup and optimiser-made suffixes well above 4.5.
 */
const model = loadModel(modelFile);

function loadModel(file: CharModelFile): { costs: Uint8Array; scale: number } {
  if (file.format !== MODEL_FORMAT || file.order !== 3 || file.classes !== CHARACTER_CLASSES) {
    throw new Error('char-model.data.json was built for another model format or alphabet: rebuild it');
  }
  const costs = new Uint8Array(Buffer.from(file.costs, 'base64'));
  if (costs.length !== CLASS_COUNT ** 3) throw new Error('char-model.data.json has a truncated cost table');
  return { costs, scale: file.scale };
}

export type CrossEntropy = { bits: number; characters: number };

/**
 * Cost in bits of each UTF-16 code unit of `text[start, end)` under the model, written into `into`
 * (index 0 is `start`). Skipped characters (combining marks, format characters) and repeated white
 * space cost 0 and are not counted. The context before `start` is taken to be a word boundary.
 * Returns the total and the number of counted characters.
 */
export function characterCosts(text: string, start: number, end: number, into?: Float32Array): CrossEntropy {
  const { costs, scale } = model;
  const k = CLASS_COUNT;
  let a = SPACE_CLASS;
  let b = SPACE_CLASS;
  let bits = 0;
  let characters = 0;
  for (let index = start; index < end; index++) {
    const c = characterClass(text.charCodeAt(index));
    if (c === SKIPPED || (c === SPACE_CLASS && b === SPACE_CLASS)) {
      if (into) into[index - start] = 0;
      continue;
    }
    const cost = costs[(a * k + b) * k + c] / scale;
    if (into) into[index - start] = cost;
    bits += cost;
    characters++;
    a = b;
    b = c;
  }
  return { bits, characters };
}

/** Mean bits per counted character of `text[start, end)`; 0 for a text with nothing to count. */
export function bitsPerCharacter(text: string, start = 0, end = text.length): number {
  const { bits, characters } = characterCosts(text, start, end);
  return characters === 0 ? 0 : bits / characters;
}
