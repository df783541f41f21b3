import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface SessionKeyFiles {
  privateKeyFile: string;
  publicKeyFile: string;
}

/**
 * The local stack's ES256 key pair for session tokens, made once under the state folder.
 * Deployments mount their own from a secret; this pair never leaves the machine.
 */
export function ensureSessionKeys(stateDir: string): SessionKeyFiles {
  const dir = resolve(stateDir, 'keys');
  const files = {
    privateKeyFile: resolve(dir, 'session-signing.private.pem'),
    publicKeyFile: resolve(dir, 'session-signing.public.pem'),
  };
  if (existsSync(files.privateKeyFile) && existsSync(files.publicKeyFile)) return files;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  writeFileSync(files.privateKeyFile, privateKey, { mode: 0o600 });
  writeFileSync(files.publicKeyFile, publicKey);
  return files;
}
