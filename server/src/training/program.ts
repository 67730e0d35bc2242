import type { Catalog, Certification, Module, TierPolicy } from '@siso/training-core';
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { certifications, modules, policyVersions, programRevision } from '../db/schema.ts';

/** The catalog and the policy in force, as of `revision` of the program counter. */
export interface Program {
  revision: number;
  catalog: Catalog;
  policy: TierPolicy;
}

export interface ProgramStoreOptions {
  /** How long a loaded program is trusted before the counter is checked again (other nodes' writes). */
  checkIntervalMs?: number;
}

const PROGRAM_ROW = 1;

async function readRevision(db: Db | Tx): Promise<number> {
  const [row] = await db.select({ revision: programRevision.revision }).from(programRevision).where(eq(programRevision.id, PROGRAM_ROW));
  return row?.revision ?? 0;
}

/**
 * Catalog and policy cached in memory: read on nearly every request, written rarely. Writes on
 * this node invalidate at once; writes on another node are seen within `checkIntervalMs` by
 * reads, and at once by transactions, which always check the counter (so no change is ever
 * evaluated against a program older than the one committed before it).
 *
 * @example
 * const { catalog, policy } = await programStore(db).current();
 */
export class ProgramStore {
  readonly #db: Db;
  readonly #checkIntervalMs: number;
  #program: Program | undefined;
  #checkedAt = 0;
  #loading: { revision: number; program: Promise<Program> } | undefined;

  constructor(db: Db, { checkIntervalMs = 1_000 }: ProgramStoreOptions = {}) {
    this.#db = db;
    this.#checkIntervalMs = checkIntervalMs;
  }

  async current(): Promise<Program> {
    if (this.#program && performance.now() - this.#checkedAt < this.#checkIntervalMs) return this.#program;
    const revision = await readRevision(this.#db);
    if (this.#program?.revision === revision) return this.#keep(this.#program);
    // Concurrent requests share one load.
    if (this.#loading?.revision !== revision) this.#loading = { revision, program: loadProgram(this.#db, revision) };
    const loading = this.#loading;
    try {
      return this.#keep(await loading.program);
    } finally {
      if (this.#loading === loading) this.#loading = undefined;
    }
  }

  /**
   * The program as the transaction sees it, loaded through the transaction itself: on PGlite a
   * query outside an open transaction waits for it to end.
   */
  async inTransaction(tx: Tx): Promise<Program> {
    const revision = await readRevision(tx);
    if (this.#program?.revision === revision) return this.#program;
    return this.#keep(await loadProgram(tx, revision));
  }

  invalidate(): void {
    this.#program = undefined;
    this.#loading = undefined;
  }

  #keep(program: Program): Program {
    if (program.revision >= (this.#program?.revision ?? -1)) {
      this.#program = program;
      this.#checkedAt = performance.now();
    }
    return program;
  }
}

async function loadProgram(db: Db | Tx, revision: number): Promise<Program> {
  // In turn, since `db` may be a transaction (one connection, one query at a time).
  const moduleRows = await db.select({ definition: modules.definition }).from(modules).orderBy(asc(modules.position), asc(modules.id));
  const certificationRows = await db.select({ definition: certifications.definition }).from(certifications).orderBy(asc(certifications.id));
  const [policyRow] = await db
    .select({ policy: policyVersions.policy })
    .from(policyVersions)
    .orderBy(desc(policyVersions.version))
    .limit(1);
  if (!policyRow) throw new Error('no tier policy stored: the database was not seeded');
  // Definitions were validated by the core schemas when they were written.
  return {
    revision,
    catalog: {
      modules: moduleRows.map((r) => r.definition as Module),
      certifications: certificationRows.map((r) => r.definition as Certification),
    },
    policy: policyRow.policy as TierPolicy,
  };
}

/** Inside a catalog or policy write: makes every node's cached program stale. */
export async function bumpProgramRevision(tx: Tx): Promise<void> {
  await tx
    .insert(programRevision)
    .values({ id: PROGRAM_ROW, revision: 1 })
    .onConflictDoUpdate({ target: programRevision.id, set: { revision: sql`${programRevision.revision} + 1` } });
}

const stores = new WeakMap<Db, ProgramStore>();

/** The one program cache of a database handle. */
export function programStore(db: Db): ProgramStore {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = new ProgramStore(db)));
  return store;
}

/**
 * For a catalog or policy write: locks the program counter (so such writes run one at a time)
 * and loads the program as the transaction sees it. Not cached: the write may still roll back.
 */
export async function lockProgram(tx: Tx): Promise<Program> {
  const [row] = await tx
    .select({ revision: programRevision.revision })
    .from(programRevision)
    .where(eq(programRevision.id, PROGRAM_ROW))
    .for('update');
  return loadProgram(tx, row?.revision ?? 0);
}
