/** Characters scanned per segment by default (¾ from the start, ¼ from the end of longer texts). */
export const DEFAULT_MAX_SCAN_CHARACTERS = 16_384;

export type Piece = { text: string; offset: number };

/**
 * The parts of a text the injection analyser scans: all of it up to `maxScanCharacters`, else the
 * first ¾ and the last ¼ of that many characters (an attack at either end of a long text is seen).
 */
export function scanPieces(text: string, maxScanCharacters: number): Piece[] {
  if (text.length <= maxScanCharacters) return [{ text, offset: 0 }];
  const headLength = Math.floor((maxScanCharacters * 3) / 4);
  const tailLength = maxScanCharacters - headLength;
  return [
    { text: text.slice(0, headLength), offset: 0 },
    { text: text.slice(text.length - tailLength), offset: text.length - tailLength },
  ];
}
