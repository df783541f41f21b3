// Makes the ES256 key pair that signs session tokens, once, into the directory given (a volume
// shared with registration-service, which signs, and notification-gateway, which verifies). The
// services run as the image's `node` user (uid 1000), so the files are handed to it. A deployment
// mounts its own pair from a secret instead.
import { generateKeyPairSync } from 'node:crypto';
import { chownSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const NODE_UID = 1000;
const dir = process.argv[2] ?? '/session-keys';
const privateKeyFile = join(dir, 'session-signing.private.pem');
const publicKeyFile = join(dir, 'session-signing.public.pem');

if (existsSync(privateKeyFile) && existsSync(publicKeyFile)) {
  console.log(`session keys already in ${dir}`);
} else {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  writeFileSync(privateKeyFile, privateKey, { mode: 0o400 });
  writeFileSync(publicKeyFile, publicKey, { mode: 0o444 });
  for (const file of [privateKeyFile, publicKeyFile]) chownSync(file, NODE_UID, NODE_UID);
  console.log(`session keys written to ${dir}`);
}
