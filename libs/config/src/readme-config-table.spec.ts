import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeEnvironment } from './argus-config';
import {
  CONFIG_TABLE_END_MARKER,
  CONFIG_TABLE_START_MARKER,
  extractConfigTable,
  renderConfigTable,
  replaceConfigTable,
} from './config-table';
import { ENV_SCHEMA } from './env.schema';

const README = join(__dirname, '..', '..', '..', 'README.md');

describe('README configuration table', () => {
  it('is the table renderConfigTable() makes from the environment schema', () => {
    const readme = readFileSync(README, 'utf8');
    const inReadme = extractConfigTable(readme);
    const expected = renderConfigTable();
    if (inReadme !== expected) {
      throw new Error(
        `README.md's configuration table (between ${CONFIG_TABLE_START_MARKER} and ${CONFIG_TABLE_END_MARKER}) ` +
          'differs from libs/config/src/env.schema.ts.\n' +
          'Regenerate it with `npm run docs:config`, or paste this table between the markers:\n\n' +
          expected,
      );
    }
  });
});

describe('renderConfigTable', () => {
  it('has one row per schema variable, with its default and description', () => {
    const table = renderConfigTable();
    const rows = table.trimEnd().split('\n').slice(2);
    expect(rows).toHaveLength(Object.keys(ENV_SCHEMA.shape).length);
    const apiPort = describeEnvironment().find((row) => row.variable === 'API_PORT');
    expect(rows).toContain(`| \`API_PORT\` | \`8080\` | ${apiPort?.description} |`);
    expect(rows.find((row) => row.startsWith('| `CLICKHOUSE_URL` |'))).toMatch(
      /^\| `CLICKHOUSE_URL` \| \(unset\) \|/,
    );
  });

  it('keeps a cell from breaking the table', () => {
    const table = renderConfigTable([
      { variable: 'A_B', default: 'x|y', description: 'one | two\nthree' },
      { variable: 'C', default: 'a`b', description: 'd' },
    ]);
    expect(table).toBe(
      '| Variable | Default | Description |\n|---|---|---|\n' +
        '| `A_B` | `x\\|y` | one \\| two three |\n' +
        '| `C` | a`b | d |\n',
    );
  });

  it('covers every variable describeEnvironment() lists', () => {
    const table = renderConfigTable();
    for (const row of describeEnvironment()) expect(table).toContain(`| \`${row.variable}\` |`);
  });
});

describe('replaceConfigTable', () => {
  const document = `# Title\n\n${CONFIG_TABLE_START_MARKER}\nold\n${CONFIG_TABLE_END_MARKER}\n\nAfter.\n`;

  it('replaces what is between the markers and leaves the rest alone', () => {
    const updated = replaceConfigTable(document, '| new |\n');
    expect(updated).toBe(
      `# Title\n\n${CONFIG_TABLE_START_MARKER}\n| new |\n${CONFIG_TABLE_END_MARKER}\n\nAfter.\n`,
    );
    expect(extractConfigTable(updated)).toBe('| new |\n');
  });

  it('is idempotent with the rendered table', () => {
    const once = replaceConfigTable(document);
    expect(replaceConfigTable(once)).toBe(once);
    expect(extractConfigTable(once)).toBe(renderConfigTable());
  });

  it('refuses a document without both markers, or with a marker twice', () => {
    expect(() => replaceConfigTable('# no table')).toThrow(/config-table:start/);
    expect(() => replaceConfigTable(`${document}${CONFIG_TABLE_START_MARKER}\n`)).toThrow(/expected one/);
  });
});
