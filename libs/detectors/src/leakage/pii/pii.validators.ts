import { createHash } from 'node:crypto';
import { keccak_256 } from '@noble/hashes/sha3';

/** Luhn (mod 10) check of a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index--) {
    let digit = digits.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return false;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Card networks by their published issuer identification number ranges and lengths. */
export function cardIssuer(digits: string): string | undefined {
  const length = digits.length;
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if (digits.startsWith('4') && (length === 13 || length === 16 || length === 19)) return 'visa';
  if (((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) && length === 16) return 'mastercard';
  if ((two === 34 || two === 37) && length === 15) return 'amex';
  if (four >= 2200 && four <= 2204 && length >= 16) return 'mir';
  if ((digits.startsWith('6011') || two === 65 || (four >= 6440 && four <= 6499)) && length >= 16)
    return 'discover';
  if (two === 62 && length >= 16) return 'unionpay';
  if (four >= 3528 && four <= 3589 && length >= 16) return 'jcb';
  if ((four === 1800 || four === 2131) && length === 15) return 'jcb';
  if ((two === 36 || two === 38 || two === 39 || (four >= 3000 && four <= 3059)) && length >= 14)
    return 'diners';
  if ((two === 50 || (two >= 56 && two <= 69)) && length >= 12) return 'maestro';
  return undefined;
}

/** IBAN lengths per country (ISO 13616 registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

export function ibanLength(country: string): number | undefined {
  return IBAN_LENGTHS[country];
}

/** ISO 13616 check: right length for the country and mod-97 of the rearranged number equals 1. */
export function ibanValid(compact: string): boolean {
  const expected = IBAN_LENGTHS[compact.slice(0, 2)];
  if (expected === undefined || compact.length !== expected) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const character of rearranged) {
    const code = character.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    if (value < 0 || value > 35) return false;
    remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/** SSA rules: no area 000, 666 or 900-999, no group 00, no serial 0000. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  const areaNumber = Number(area);
  if (areaNumber === 0 || areaNumber === 666 || areaNumber >= 900) return false;
  return group !== '00' && serial !== '0000';
}

const NINO_BAD_PREFIXES = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

export function ninoPrefixValid(prefix: string): boolean {
  return !NINO_BAD_PREFIXES.has(prefix.toUpperCase());
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Base58Check: the last 4 bytes are the first 4 of the double SHA-256 of the rest. */
export function base58CheckValid(address: string): boolean {
  let value = 0n;
  for (const character of address) {
    const digit = BASE58.indexOf(character);
    if (digit < 0) return false;
    value = value * 58n + BigInt(digit);
  }
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let leadingZeros = 0;
  while (address[leadingZeros] === '1') leadingZeros++;
  const bytes = Buffer.concat([Buffer.alloc(leadingZeros), Buffer.from(hex, 'hex')]);
  if (bytes.length !== 25) return false;
  const payload = bytes.subarray(0, 21);
  const checksum = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest();
  return checksum.subarray(0, 4).equals(bytes.subarray(21));
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

/** BIP-173 (bech32, constant 1) and BIP-350 (bech32m) checksum of a segwit address. */
export function bech32Valid(address: string): boolean {
  const lower = address.toLowerCase();
  if (lower !== address && address.toUpperCase() !== address) return false;
  const separator = lower.lastIndexOf('1');
  if (separator < 1 || lower.length - separator < 7) return false;
  const prefix = lower.slice(0, separator);
  const values: number[] = [];
  for (const character of prefix) values.push(character.charCodeAt(0) >> 5);
  values.push(0);
  for (const character of prefix) values.push(character.charCodeAt(0) & 31);
  for (const character of lower.slice(separator + 1)) {
    const value = BECH32.indexOf(character);
    if (value < 0) return false;
    values.push(value);
  }
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    for (let bit = 0; bit < 5; bit++) if ((top >>> bit) & 1) checksum ^= BECH32_GENERATORS[bit] ?? 0;
  }
  return checksum === 1 || checksum === 0x2bc830a3;
}

/**
 * EIP-55 mixed-case checksum of an Ethereum address (`0x` + 40 hex): each letter of the address is
 * upper case exactly when the matching nibble of Keccak-256(lower-case hex, as ASCII) is 8 or more.
 * All-lower and all-upper addresses carry no checksum (`uncased`).
 */
export function eip55Checksum(address: string): 'valid' | 'invalid' | 'uncased' {
  const body = address.slice(2);
  const lower = body.toLowerCase();
  if (body === lower || body === body.toUpperCase()) return 'uncased';
  const hash = keccak_256(lower);
  for (let index = 0; index < body.length; index++) {
    const character = body.charCodeAt(index);
    if (character < 0x41) continue; // a digit has no case
    const byte = hash[index >> 1] ?? 0;
    const nibble = index % 2 === 0 ? byte >> 4 : byte & 0x0f;
    const upper = character <= 0x46;
    if (upper !== nibble >= 8) return 'invalid';
  }
  return 'valid';
}
