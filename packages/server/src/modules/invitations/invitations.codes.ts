import { createHash, randomBytes } from 'node:crypto';

/**
 * Secrets of an invitation:
 * - the token: 192 random bits, base64url (32 characters); only its SHA-256
 *   is stored, so it is shown once, at creation (the long link);
 * - the short code: 10 characters of Crockford's base32 (50 random bits),
 *   printed on sheets and typed from paper. It is stored as it is, to print
 *   the same slip again; guessing is throttled per client address.
 */

export const CODE_LENGTH = 10;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 10 characters; each byte's low 5 bits pick a letter, so every letter is equally likely. */
export function newCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/**
 * What a person typed, as a code: case, spaces and dashes do not matter, and
 * the letters people confuse with digits are read as those digits (O → 0,
 * I and L → 1). Null when it cannot be a code.
 */
export function normalizeCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return s.length === CODE_LENGTH && [...s].every((ch) => ALPHABET.includes(ch)) ? s : null;
}

/** A long link's token: base64url of at least 128 bits. */
export function looksLikeToken(input: string): boolean {
  return /^[A-Za-z0-9_-]{22,64}$/.test(input);
}

/** «ABCDE-FGHJK»: easier to read aloud and to type. */
export function formatCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}
