import { asc, isNotNull, desc } from 'drizzle-orm';
import type { JWK } from 'jose';
import type { Db } from '../db/database.ts';
import { signingKeys } from '../db/schema.ts';
import { CertificateSigner, generateSigningJwk, toPublicJwk, type StoredPublicKey } from './signer.ts';

export interface OpenSignerOptions {
  db: Db;
  /** The private JWK from configuration; absent in development, where a generated key is kept in the database. */
  configured: JWK | undefined;
}

/**
 * The certificate signer of this node: the configured key (its public half recorded so it stays
 * published after a later rotation), or else the newest generated key, generated on first use.
 * Every recorded public key verifies.
 *
 * @example
 * const signer = await openCertificateSigner({ db, configured: config.certificateSigningKey });
 */
export async function openCertificateSigner({ db, configured }: OpenSignerOptions): Promise<CertificateSigner> {
  let current = configured;
  if (current) {
    const publicJwk = await toPublicJwk(current);
    await db.insert(signingKeys).values({ kid: publicJwk.kid, publicJwk }).onConflictDoNothing();
  } else {
    const [stored] = await db
      .select()
      .from(signingKeys)
      .where(isNotNull(signingKeys.privateJwk))
      .orderBy(desc(signingKeys.createdAt))
      .limit(1);
    current = stored?.privateJwk as JWK | undefined;
    if (!current) {
      current = await generateSigningJwk();
      const publicJwk = await toPublicJwk(current);
      await db.insert(signingKeys).values({ kid: publicJwk.kid, publicJwk, privateJwk: current });
    }
  }
  const published = () => publishedKeys(db);
  return CertificateSigner.create(current, await published(), published);
}

async function publishedKeys(db: Db): Promise<StoredPublicKey[]> {
  const rows = await db.select({ publicJwk: signingKeys.publicJwk }).from(signingKeys).orderBy(asc(signingKeys.createdAt));
  return rows.map((r) => r.publicJwk as StoredPublicKey);
}
