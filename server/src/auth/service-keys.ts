import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { serviceKeys } from '../db/schema.ts';

export const SERVICE_ROLES = ['portal', 'training', 'admin'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

const KEY_PATTERN = /^sk_(portal|training|admin)_[A-Za-z0-9_-]{32,64}$/;

export function isServiceRole(value: string): value is ServiceRole {
  return (SERVICE_ROLES as readonly string[]).includes(value);
}

/** SHA-256, hex: keys are long random strings, so a fast hash is enough and lookups stay cheap. */
export function hashServiceKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface CreatedServiceKey {
  id: string;
  role: ServiceRole;
  /** Shown once; only its hash is stored. */
  key: string;
}

/**
 * Creates a key `sk_<role>_<random>` and stores its hash.
 *
 * @example
 * const { id, key } = await createServiceKey(db, { role: 'portal', label: 'portal backend' });
 */
export async function createServiceKey(
  db: Db,
  { role, label }: { role: ServiceRole; label?: string | undefined },
): Promise<CreatedServiceKey> {
  const key = `sk_${role}_${randomBytes(32).toString('base64url')}`;
  const id = `key_${randomBytes(6).toString('hex')}`;
  await db.insert(serviceKeys).values({ id, role, hash: hashServiceKey(key), label: label ?? null });
  return { id, role, key };
}

/** Revokes the live keys carrying `label` and creates a new one (keys a process mints for itself). */
export async function replaceServiceKey(db: Db, { role, label }: { role: ServiceRole; label: string }): Promise<CreatedServiceKey> {
  await db
    .update(serviceKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(serviceKeys.label, label), isNull(serviceKeys.revokedAt)));
  return createServiceKey(db, { role, label });
}

/** Revokes a key by id; returns whether a live key was revoked. */
export async function revokeServiceKey(db: Db, id: string, now = new Date()): Promise<boolean> {
  const rows = await db
    .update(serviceKeys)
    .set({ revokedAt: now })
    .where(and(eq(serviceKeys.id, id), isNull(serviceKeys.revokedAt)))
    .returning({ id: serviceKeys.id });
  return rows.length > 0;
}

export async function listServiceKeys(db: Db) {
  return db
    .select({
      id: serviceKeys.id,
      role: serviceKeys.role,
      label: serviceKeys.label,
      createdAt: serviceKeys.createdAt,
      revokedAt: serviceKeys.revokedAt,
    })
    .from(serviceKeys)
    .orderBy(asc(serviceKeys.createdAt));
}

export interface VerifiedServiceKey {
  id: string;
  role: ServiceRole;
}

/** Whether a bearer string has the shape of a service key (`sk_<role>_…`). */
export const isWellFormedServiceKey = (key: string): boolean => KEY_PATTERN.test(key);

/** The live key a bearer string names, or null; malformed strings never reach the database. */
export async function findServiceKey(db: Db, key: string): Promise<VerifiedServiceKey | null> {
  if (!isWellFormedServiceKey(key)) return null;
  const [row] = await db
    .select({ id: serviceKeys.id, role: serviceKeys.role })
    .from(serviceKeys)
    .where(and(eq(serviceKeys.hash, hashServiceKey(key)), isNull(serviceKeys.revokedAt)))
    .limit(1);
  return row ?? null;
}
