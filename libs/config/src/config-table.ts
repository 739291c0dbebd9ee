import { describeEnvironment } from './argus-config';

/** The README's configuration table sits between these two lines; everything between them is generated. */
export const CONFIG_TABLE_START_MARKER = '<!-- config-table:start -->';
export const CONFIG_TABLE_END_MARKER = '<!-- config-table:end -->';

/** Text that would end a table cell or break the row: pipes are escaped, line breaks folded into spaces. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

function code(text: string): string {
  // A default holding a backtick would close the code span early: such a value goes out as plain text.
  return text.includes('`') ? cell(text) : `\`${cell(text)}\``;
}

/**
 * Markdown table of every environment variable (name, default, description), in schema order, built
 * from `describeEnvironment()` so the README cannot drift from `ENV_SCHEMA`. A variable without a
 * default shows `(unset)`.
 */
export function renderConfigTable(rows = describeEnvironment()): string {
  const lines = ['| Variable | Default | Description |', '|---|---|---|'];
  for (const row of rows) {
    const defaultValue = row.default === '' ? '(unset)' : code(row.default);
    lines.push(`| ${code(row.variable)} | ${defaultValue} | ${cell(row.description)} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** The text between the markers, without the line breaks that surround it; undefined without both markers. */
export function extractConfigTable(markdown: string): string | undefined {
  const start = markdown.indexOf(CONFIG_TABLE_START_MARKER);
  const end = markdown.indexOf(CONFIG_TABLE_END_MARKER);
  if (start === -1 || end === -1 || end < start) return undefined;
  return `${markdown.slice(start + CONFIG_TABLE_START_MARKER.length, end).trim()}\n`;
}

/** `markdown` with the text between the markers replaced by `table`; throws when a marker is missing or repeated. */
export function replaceConfigTable(markdown: string, table = renderConfigTable()): string {
  const start = markdown.indexOf(CONFIG_TABLE_START_MARKER);
  const end = markdown.indexOf(CONFIG_TABLE_END_MARKER);
  const repeated =
    markdown.indexOf(CONFIG_TABLE_START_MARKER, start + 1) !== -1 ||
    markdown.indexOf(CONFIG_TABLE_END_MARKER, end + 1) !== -1;
  if (start === -1 || end === -1 || end < start || repeated) {
    throw new Error(
      `expected one "${CONFIG_TABLE_START_MARKER}" line followed by one "${CONFIG_TABLE_END_MARKER}" line`,
    );
  }
  return (
    markdown.slice(0, start + CONFIG_TABLE_START_MARKER.length) +
    `\n${table.trimEnd()}\n` +
    markdown.slice(end)
  );
}
