import { gzipSync } from 'node:zlib';
import type { BitstringStatusListEntry } from '@siso/training-core';
import { and, gte, isNotNull, lt, max, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { certificates, certificateStatusIndex } from '../db/schema.ts';
import type { StatusListCredential } from './signer.ts';

/**
 * Entries per list: the W3C Bitstring Status List minimum (16 KiB of bits), so that fetching a
 * list tells the issuer nothing of which of its 131,072 certificates a verifier is checking.
 */
export const STATUS_LIST_SIZE = 131_072;

/** Where list `list` is published: the `statusListCredential` its entries name. */
export const statusListUrl = (publicUrl: string, list: number): string => `${publicUrl}/v1/status-lists/${list}`;

/**
 * A certificate's `credentialStatus`: its place (`index`, allocated once across all lists) as
 * list `index / STATUS_LIST_SIZE`, bit `index % STATUS_LIST_SIZE`.
 */
export function statusListEntry(publicUrl: string, index: number): BitstringStatusListEntry {
  const list = statusListUrl(publicUrl, Math.floor(index / STATUS_LIST_SIZE));
  const bit = String(index % STATUS_LIST_SIZE);
  return {
    id: `${list}#${bit}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: bit,
    statusListCredential: list,
  };
}

/**
 * `encodedList`: the bits (bit 0 the most significant bit of the first byte, as the
 * specification orders them) GZIP-compressed, base64url without padding, with the multibase
 * prefix `u`.
 */
export function encodeStatusList(setBits: Iterable<number>): string {
  const bytes = new Uint8Array(STATUS_LIST_SIZE / 8);
  for (const bit of setBits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  return `u${gzipSync(bytes).toString('base64url')}`;
}

/** The unsigned `BitstringStatusListCredential` of list `list` (revocation), issued `now`. */
export function statusListCredential({
  publicUrl,
  list,
  revoked,
  now,
}: {
  publicUrl: string;
  list: number;
  /** Bits set: the places in this list of revoked certificates. */
  revoked: Iterable<number>;
  now: Date;
}): StatusListCredential {
  const id = statusListUrl(publicUrl, list);
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: `${publicUrl}/v1/issuer`,
    validFrom: now.toISOString(),
    credentialSubject: {
      id: `${id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: encodeStatusList(revoked),
    },
  };
}

/** The places in list `list` of revoked certificates. */
export async function revokedInList(db: Db, list: number): Promise<number[]> {
  const first = list * STATUS_LIST_SIZE;
  const rows = await db
    .select({ index: certificates.statusIndex })
    .from(certificates)
    .where(
      and(isNotNull(certificates.revokedAt), gte(certificates.statusIndex, first), lt(certificates.statusIndex, first + STATUS_LIST_SIZE)),
    );
  return rows.flatMap((r) => (r.index === null ? [] : [r.index - first]));
}

/** The highest place handed out so far (null before the first certificate): which lists exist. */
export async function lastStatusIndex(db: Db): Promise<number | null> {
  const [row] = await db.select({ last: max(certificates.statusIndex) }).from(certificates);
  return row?.last ?? null;
}

/**
 * `count` fresh places in the status lists, in the writer's transaction. From a sequence: a
 * place taken by a transaction that rolls back stays unused (its bit is never set).
 */
export async function allocateStatusIndexes(tx: Tx, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await tx
    .select({ index: sql<number>`nextval(${sql.raw(`'${certificateStatusIndex.seqName}'`)})::int` })
    .from(sql`generate_series(1, ${count})`);
  return rows.map((r) => r.index);
}
