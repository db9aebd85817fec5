// The key that signs service account tokens: an ECDSA P-256 private key in PKCS#8 PEM, created
// once under the data directory (DATA_DIR/tls/service-account.key, mode 0600) and reused.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from './atomic-write.js';

export const SERVICE_ACCOUNT_KEY_FILE = 'service-account.key';

/** The PEM private key in dir, created when missing. */
export function loadOrCreateServiceAccountKey(dir: string): string {
  const file = join(dir, SERVICE_ACCOUNT_KEY_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  writeFileAtomicSync(file, pem, { mode: 0o600 });
  return pem;
}
