import { printableRatio } from '../natural-text';

/**
 * Zero-width steganography writes bits as two invisible characters (e.g. ZWSP = 0, ZWNJ = 1), often
 * with a third as a separator. Tries each pair of the run's characters in both polarities, dropping
 * any other character as a separator, and keeps a reading that is printable UTF-8 text.
 */
export function decodeZeroWidthBinary(codes: readonly number[]): string | undefined {
  const distinct = [...new Set(codes)];
  if (distinct.length < 2 || distinct.length > 4 || codes.length < 16) return undefined;
  let best: string | undefined;
  for (let first = 0; first < distinct.length; first++) {
    for (let second = 0; second < distinct.length; second++) {
      if (first === second) continue;
      const decoded = readBits(codes, distinct[first], distinct[second]);
      if (decoded !== undefined && (best === undefined || decoded.length > best.length)) best = decoded;
    }
  }
  return best;
}

function readBits(codes: readonly number[], zero: number, one: number): string | undefined {
  const bytes: number[] = [];
  let byte = 0;
  let bits = 0;
  for (const code of codes) {
    if (code !== zero && code !== one) continue;
    byte = (byte << 1) | (code === one ? 1 : 0);
    bits++;
    if (bits === 8) {
      bytes.push(byte);
      byte = 0;
      bits = 0;
    }
  }
  if (bytes.length < 2) return undefined;
  const text = Buffer.from(bytes).toString('utf8');
  return printableRatio(text) >= 0.95 && /[\p{L}\p{N}]/u.test(text) ? text : undefined;
}
