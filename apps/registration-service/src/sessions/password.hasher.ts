import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

function derive(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

// scrypt needs 128 * N * r bytes; Node's default ceiling (32 MiB) is too low from ln=15 on.
const maxmemFor = (n: number, r: number) => 256 * n * r;

/**
 * scrypt from node:crypto, stored with its parameters (`$scrypt$ln=15,r=8,p=1$salt$hash`), so a
 * later change of cost still verifies every old hash. `cost` is log2 of N.
 */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const n = 2 ** cost;
  const salt = randomBytes(16);
  const key = await derive(password, salt, KEY_LENGTH, {
    N: n,
    r: BLOCK_SIZE,
    p: PARALLELISM,
    maxmem: maxmemFor(n, BLOCK_SIZE),
  });
  return `$scrypt$ln=${cost},r=${BLOCK_SIZE},p=${PARALLELISM}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** False for a wrong password and for a hash it cannot read; compares in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = FORMAT.exec(stored);
  if (!match) return false;
  const [, ln, r, p, salt, hash] = match;
  const expected = Buffer.from(hash as string, 'base64');
  const n = 2 ** Number(ln);
  const actual = await derive(password, Buffer.from(salt as string, 'base64'), expected.length, {
    N: n,
    r: Number(r),
    p: Number(p),
    maxmem: maxmemFor(n, Number(r)),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
