import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { LIMITS } from '@parta/shared';

function scrypt(
  password: string,
  salt: Buffer,
  keylen: number,
  opts: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** scrypt cost: N=2^15, r=8, p=1 (≈ 32 MiB, tens of ms): the OWASP minimum for scrypt. */
const PARAMS = { N: 1 << 15, r: 8, p: 1 } as const;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

/** `scrypt$N$r$p$salt$hash` (base64url); parameters travel with the hash so they can grow. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, KEYLEN, { ...PARAMS, maxmem: MAXMEM });
  return [
    'scrypt',
    PARAMS.N,
    PARAMS.r,
    PARAMS.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** Constant-time verification. A malformed stored hash verifies as false. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyB64, 'base64url');
  if (expected.length !== KEYLEN) return false;
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(saltB64, 'base64url'), KEYLEN, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAXMEM,
  });
  return timingSafeEqual(key, expected);
}

/** A hash of nothing anyone knows: verified against when the login is unknown, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummyHash;
}

let estimator: ZxcvbnFactory | undefined;
function strength(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary },
    graphs: common.adjacencyGraphs,
  });
  return estimator;
}

/**
 * Why a password is refused, or null when it is acceptable: at least
 * `LIMITS.passwordMinLength` characters, not a common or guessable password
 * (zxcvbn score ≥ 2 against the common-password dictionaries and keyboard
 * patterns), and not built from the person's own login or name.
 */
export function passwordProblem(password: string, userInputs: string[] = []): string | null {
  if (password.length < LIMITS.passwordMinLength) {
    return `The password must be at least ${LIMITS.passwordMinLength} characters long.`;
  }
  if (password.length > LIMITS.passwordMaxLength) return 'The password is too long.';
  const inputs = userInputs.filter(Boolean);
  // Russian users type Latin passwords on the ЙЦУКЕН layout («йцукен» is «qwerty»):
  // judge both the text and its keyboard twin, and take the weaker.
  const twin = toQwerty(password);
  const score = Math.min(
    strength().check(password, inputs).score,
    twin === password ? 4 : strength().check(twin, inputs).score,
  );
  if (score < 2) return 'The password is too common or easy to guess.';
  return null;
}

const JCUKEN = 'йцукенгшщзхъфывапролджэячсмитьбю.ёЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,Ё';
const QWERTY = 'qwertyuiop[]asdfghjkl;\'zxcvbnm,./`QWERTYUIOP{}ASDFGHJKL:"ZXCVBNM<>?~';

/** The same keys on the Latin layout. */
function toQwerty(text: string): string {
  let out = '';
  for (const ch of text) {
    const i = JCUKEN.indexOf(ch);
    out += i >= 0 ? QWERTY[i] : ch;
  }
  return out;
}
