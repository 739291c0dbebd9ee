import vocabularySource from './tiny-model.vocabulary.json';

/**
 * A BERT-style WordPiece tokenizer in the `tokenizers` JSON format (what `tokenizer.json` holds and
 * transformers.js reads): lower-casing normaliser, whitespace-and-punctuation pre-tokeniser, `[CLS] …
 * [SEP]` template. The vocabulary is the shipped word list plus single letters and digits, with and
 * without the `##` continuation prefix, so every ASCII word splits into known pieces.
 */

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
const PUNCTUATION = [...'.,?!\'":;-()/[]{}<>@#$%&*+=_|\\`~^'];
const CHARACTERS = [...'abcdefghijklmnopqrstuvwxyz0123456789'];

/** Token strings in id order: special tokens, punctuation, characters, `##` characters, words. */
export function buildVocabulary(words: readonly string[] = vocabularySource.words): string[] {
  const tokens = [...SPECIAL_TOKENS, ...PUNCTUATION, ...CHARACTERS, ...CHARACTERS.map((c) => `##${c}`)];
  const seen = new Set(tokens);
  for (const word of words) {
    if (!seen.has(word)) {
      seen.add(word);
      tokens.push(word);
    }
  }
  return tokens;
}

export function tokenizerFiles(vocabulary: readonly string[], maxLength: number) {
  const id = (token: string) => vocabulary.indexOf(token);
  const special = (token: string) => ({ id: token, type_id: 0 });
  return {
    tokenizer: {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: SPECIAL_TOKENS.map((token) => ({
        id: id(token),
        content: token,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
      normalizer: {
        type: 'BertNormalizer',
        clean_text: true,
        handle_chinese_chars: true,
        strip_accents: null,
        lowercase: true,
      },
      pre_tokenizer: { type: 'BertPreTokenizer' },
      post_processor: {
        type: 'TemplateProcessing',
        single: [
          { SpecialToken: special('[CLS]') },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: special('[SEP]') },
        ],
        pair: [
          { SpecialToken: special('[CLS]') },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: special('[SEP]') },
          { Sequence: { id: 'B', type_id: 1 } },
          { SpecialToken: { id: '[SEP]', type_id: 1 } },
        ],
        special_tokens: Object.fromEntries(
          ['[CLS]', '[SEP]'].map((token) => [token, { id: token, ids: [id(token)], tokens: [token] }]),
        ),
      },
      decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
      model: {
        type: 'WordPiece',
        unk_token: '[UNK]',
        continuing_subword_prefix: '##',
        max_input_chars_per_word: 100,
        vocab: Object.fromEntries(vocabulary.map((token, index) => [token, index])),
      },
    },
    config: {
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: maxLength,
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      mask_token: '[MASK]',
      clean_up_tokenization_spaces: true,
    },
  };
}
