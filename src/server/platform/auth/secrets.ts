import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with OWASP's recommended minimum cost (19 MiB, 2 iterations). */
const ARGON2 = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A dummy hash to verify against when the user does not exist, so timing does not reveal it. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password');
  return dummyHash;
}

/** A random URL-safe secret of `bytes` bytes. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a high-entropy secret (session token, API key): stored instead of the secret. */
export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * API keys carry their workspace and key id, so the lookup runs under the workspace's RLS:
 * `gx_<base64url(tenant uuid ‖ key uuid)>_<secret>`.
 */
export function formatApiKey(tenantId: string, keyId: string, secret: string): string {
  const ids = Buffer.concat([uuidBytes(tenantId), uuidBytes(keyId)]).toString('base64url');
  return `gx_${ids}_${secret}`;
}

export function parseApiKey(key: string): { tenantId: string; keyId: string; secret: string } | undefined {
  const m = /^gx_([A-Za-z0-9_-]{43})_([A-Za-z0-9_-]{20,})$/.exec(key);
  if (!m) return undefined;
  const ids = Buffer.from(m[1], 'base64url');
  if (ids.length !== 32) return undefined;
  return { tenantId: bytesUuid(ids.subarray(0, 16)), keyId: bytesUuid(ids.subarray(16)), secret: m[2] };
}

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}

function bytesUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
