import type { TrainingEvent } from '@siso/training-core';
import type { CertificateIssuer } from '../certificates/issuer.ts';
import type { Db, Tx } from '../db/database.ts';
import { isRetryableTransactionError } from '../errors/database.ts';
import type { EventBus } from '../events/bus.ts';
import type { Clock } from '../time/clock.ts';
import { PartnerTraining, type PartnerTrainingOptions, type WritePlan } from './partner-training.ts';
import { programStore, type Program } from './program.ts';
import { loadTraining } from './repository.ts';
import { writePlans, type SignCertificate } from './writer.ts';

export interface WriteContext {
  db: Db;
  bus: EventBus;
  /** For certificate links carried by events. */
  publicUrl: () => string;
  /** Signs the credential of every certificate a change issues. */
  certificates: CertificateIssuer;
  /** What time it is: changes are dated, and certificates judged, by it. */
  clock: Clock;
}

export interface WriteOptions<T> {
  /** Partners to lock and load. */
  partnerIds: readonly string[];
  /** Runs first in the transaction, e.g. to create a partner row that is then loaded. */
  before?: (tx: Tx, program: Program) => Promise<void>;
  /** Applies the changes to the loaded partners (unknown ones are missing from the map). */
  apply: (trainings: ReadonlyMap<string, PartnerTraining>, tx: Tx, program: Program) => Promise<T> | T;
  /** Default: the clock's time. */
  now?: Date;
  /** The program to evaluate against; default: the one the transaction sees. */
  program?: Program;
}

export interface Written<T> {
  result: T;
  /** Events appended (and published). */
  events: number;
}

const ATTEMPTS = 3;

/** Runs `fn` in a transaction, again when the database reports a deadlock or serialization failure. */
export async function transaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction(fn);
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryableTransactionError(error)) throw error;
    }
  }
}

/**
 * Locks and loads the partners (`loadTraining`) as aggregates evaluating at `options.now`.
 * Unknown ids are missing from the map.
 *
 * @example
 * const trainings = await openTraining(tx, ['northwind'], { program, now, publicUrl });
 */
export async function openTraining(
  tx: Tx,
  partnerIds: readonly string[],
  options: PartnerTrainingOptions,
): Promise<Map<string, PartnerTraining>> {
  const trainings = new Map<string, PartnerTraining>();
  for (const [id, stored] of await loadTraining(tx, partnerIds, { forUpdate: true }))
    trainings.set(id, new PartnerTraining(stored, options));
  return trainings;
}

/**
 * Writes what the aggregates plan (`writePlans`): progress, certificates, evaluation, history
 * and events. Returns the stored events by partner, to publish after the commit.
 *
 * @example
 * const stored = await commitTraining(tx, trainings.values(), now, sign);
 */
export function commitTraining(
  tx: Tx,
  trainings: Iterable<PartnerTraining>,
  now: Date,
  sign: SignCertificate,
): Promise<[string, TrainingEvent[]][]> {
  const plans: WritePlan[] = [];
  for (const training of trainings) {
    const plan = training.plan();
    if (plan) plans.push(plan);
  }
  return writePlans(tx, plans, now, sign);
}

/**
 * One change of training as one transaction: load the partners, apply, commit each aggregate
 * (progress, certificates, evaluation, history, events), then, once durable, publish the
 * events to live subscribers.
 *
 * @example
 * const { result } = await writeTraining(ctx, {
 *   partnerIds: ['northwind'],
 *   apply: (trainings) => { … },
 * });
 */
export async function writeTraining<T>(ctx: WriteContext, options: WriteOptions<T>): Promise<Written<T>> {
  const now = options.now ?? ctx.clock.now();
  const { result, stored } = await transaction(ctx.db, async (tx) => {
    const program = options.program ?? (await programStore(ctx.db).inTransaction(tx));
    await options.before?.(tx, program);
    const trainings = await openTraining(tx, options.partnerIds, { program, now, publicUrl: ctx.publicUrl() });
    const result = await options.apply(trainings, tx, program);
    const publicUrl = ctx.publicUrl();
    const sign: SignCertificate = (certificate, partner) =>
      ctx.certificates.credentialFor({ certificate, partner, catalog: program.catalog, publicUrl });
    return { result, stored: await commitTraining(tx, trainings.values(), now, sign) };
  });
  let events = 0;
  for (const [partnerId, list] of stored) {
    events += list.length;
    ctx.bus.publish(partnerId, list);
  }
  return { result, events };
}
