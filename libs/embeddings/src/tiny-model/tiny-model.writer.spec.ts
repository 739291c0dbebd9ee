import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTinyModel } from './tiny-model.writer';

describe('writeTinyModel', () => {
  const root = mkdtempSync(join(tmpdir(), 'argus-tiny-model-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const read = (directory: string, file: string) => readFileSync(join(directory, file));

  it('writes the same bytes for the same seed and different weights for another seed', () => {
    const first = writeTinyModel(join(root, 'a'), { seed: 7 }).directory;
    const second = writeTinyModel(join(root, 'b'), { seed: 7 }).directory;
    const other = writeTinyModel(join(root, 'c'), { seed: 8 }).directory;
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
      expect(read(first, file).equals(read(second, file))).toBe(true);
    }
    expect(read(first, 'onnx/model.onnx').equals(read(other, 'onnx/model.onnx'))).toBe(false);
  });

  it('writes the classifiers with their labels in config.json', () => {
    const classifier = writeTinyModel(join(root, 'classifier'), { task: 'text-classification' });
    const config = JSON.parse(read(classifier.directory, 'config.json').toString()) as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({
      architectures: ['BertForSequenceClassification'],
      id2label: { '0': 'SAFE', '1': 'INJECTION' },
    });
    const tagger = writeTinyModel(join(root, 'ner'), { task: 'token-classification' });
    expect(tagger.labels).toEqual(['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC']);
  });

  it('builds a WordPiece vocabulary from the shipped word list, special tokens first', () => {
    const model = writeTinyModel(join(root, 'vocabulary'));
    const tokenizer = JSON.parse(read(model.directory, 'tokenizer.json').toString()) as {
      model: { type: string; vocab: Record<string, number> };
    };
    expect(tokenizer.model.type).toBe('WordPiece');
    expect(tokenizer.model.vocab).toMatchObject({ '[PAD]': 0, '[UNK]': 1, '[CLS]': 2, '[SEP]': 3 });
    expect(tokenizer.model.vocab.instructions).toBeGreaterThan(0);
    expect(tokenizer.model.vocab['##z']).toBeGreaterThan(0);
    expect(Object.keys(tokenizer.model.vocab)).toHaveLength(model.vocabularySize);
  });
});
