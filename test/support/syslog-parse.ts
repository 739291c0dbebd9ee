/**
 * Independent parsers for what the syslog sink sends (RFC 5424 header, CEF header and extension), so the
 * tests read the lines back the way a SIEM would rather than comparing against the formatter's output.
 */
export type Syslog5424 = {
  pri: number;
  facility: number;
  severity: number;
  version: number;
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  structuredData: string;
  message: string;
};

export function parseSyslog5424(line: string): Syslog5424 {
  const match = /^<(\d{1,3})>(\d) (\S+) (\S+) (\S+) (\S+) (\S+) (-|\[.*?\]) ?([\s\S]*)$/.exec(line);
  if (match === null) throw new Error(`not an RFC 5424 message: ${line.slice(0, 120)}`);
  const pri = Number(match[1]);
  return {
    pri,
    facility: Math.floor(pri / 8),
    severity: pri % 8,
    version: Number(match[2]),
    timestamp: match[3],
    hostname: match[4],
    appName: match[5],
    procId: match[6],
    msgId: match[7],
    structuredData: match[8],
    message: match[9],
  };
}

export type Cef = {
  version: string;
  vendor: string;
  product: string;
  productVersion: string;
  signatureId: string;
  name: string;
  severity: string;
  extension: Record<string, string>;
};

export function parseCef(text: string): Cef {
  if (!text.startsWith('CEF:')) throw new Error(`not CEF: ${text.slice(0, 80)}`);
  const header: string[] = [];
  let current = '';
  let index = 0;
  for (; index < text.length && header.length < 7; index++) {
    const character = text[index];
    if (character === '\\' && (text[index + 1] === '\\' || text[index + 1] === '|')) {
      current += text[++index];
    } else if (character === '|') {
      header.push(current);
      current = '';
    } else current += character;
  }
  if (header.length < 7) throw new Error('CEF header has fewer than 7 fields');
  return {
    version: header[0].slice('CEF:'.length),
    vendor: header[1],
    product: header[2],
    productVersion: header[3],
    signatureId: header[4],
    name: header[5],
    severity: header[6],
    extension: parseCefExtension(text.slice(index)),
  };
}

/** `key=value` pairs; a value runs up to the space before the next unescaped `key=`. */
function parseCefExtension(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const keyAt = /(?:^| )([A-Za-z0-9_]+)=/g;
  const starts: { key: string; keyStart: number; valueStart: number }[] = [];
  for (let match = keyAt.exec(text); match !== null; match = keyAt.exec(text)) {
    const equals = match.index + match[0].length - 1;
    let backslashes = 0;
    for (let position = equals - 1; position >= 0 && text[position] === '\\'; position--) backslashes++;
    if (backslashes % 2 === 1) continue;
    starts.push({ key: match[1], keyStart: match.index, valueStart: equals + 1 });
  }
  starts.forEach((start, position) => {
    const end = position + 1 < starts.length ? starts[position + 1].keyStart : text.length;
    result[start.key] = unescapeExtension(text.slice(start.valueStart, end));
  });
  return result;
}

function unescapeExtension(value: string): string {
  return value.replace(/\\(.)/g, (_, character: string) =>
    character === 'n' ? '\n' : character === 'r' ? '\r' : character,
  );
}
