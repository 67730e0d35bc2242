import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { claimProgramChange, runProgramChange, type Lease } from './program-change.ts';
import type { WriteContext } from './write.ts';

export interface ProgramChangeRunnerOptions {
  ctx: WriteContext;
  logger: Logger;
  batchSize: number;
  leaseMs: number;
  /** How often to look for a change whose node died; 0: only when asked (`resume`). */
  checkIntervalMs: number;
}

/**
 * This node's part in applying program changes: it runs the changes it stores (`run`), and takes
 * over, from their cursor, those whose node died (`resume`, at start-up and every
 * `checkIntervalMs`). One change at a time per node.
 *
 * @example
 * const runner = new ProgramChangeRunner({ ctx, logger, batchSize: 2_000, leaseMs: 30_000, checkIntervalMs: 10_000 });
 * runner.start();
 * runner.run(change.id); // after the transaction that stored it
 */
export class ProgramChangeRunner {
  /** Who this node is in a change's `owner`. */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  readonly #options: ProgramChangeRunnerOptions;
  #current: Promise<void> = Promise.resolve();
  #busy = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: ProgramChangeRunnerOptions) {
    this.#options = options;
  }

  get lease(): Lease {
    return { owner: this.owner, leaseMs: this.#options.leaseMs };
  }

  /** Runs change `id`, which this node holds, in the background. */
  run(id: number): void {
    void this.#exclusive(() => this.#run(id));
  }

  /** Takes over an abandoned change, if there is one, and runs it; resolves when this node is done with it. */
  resume(): Promise<void> {
    return this.#exclusive(async () => {
      const claimed = await claimProgramChange(this.#options.ctx.db, { ...this.lease, now: this.#options.ctx.clock.now() });
      if (claimed) {
        this.#options.logger.info({ change: claimed.id, cursor: claimed.cursor }, 'taking over a program change');
        await this.#run(claimed.id);
      }
    });
  }

  /** Looks for abandoned changes every `checkIntervalMs`. */
  start(): void {
    const { checkIntervalMs, logger } = this.#options;
    if (checkIntervalMs <= 0) return;
    this.#timer = setInterval(() => {
      if (this.#busy) return;
      this.resume().catch((error: unknown) => logger.warn({ err: error }, 'looking for program changes failed; retrying next interval'));
    }, checkIntervalMs);
    this.#timer.unref();
  }

  /** Stops after the batch under way; what is left goes to another node once the lease runs out. */
  async close(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#current;
  }

  async #run(id: number): Promise<void> {
    const { ctx, logger, batchSize } = this.#options;
    const outcome = await runProgramChange(ctx, { id, batchSize, ...this.lease, stopped: () => this.#stopped });
    logger.info({ change: id, outcome }, 'program change run ended');
  }

  /** One run at a time on this node; a failure is logged, and the lease hands the change on. */
  #exclusive(fn: () => Promise<void>): Promise<void> {
    const next = this.#current.then(async () => {
      if (this.#stopped) return;
      this.#busy = true;
      try {
        await fn();
      } catch (error) {
        this.#options.logger.warn({ err: error }, 'a program change stopped on an error; a node takes it over once its lease runs out');
      } finally {
        this.#busy = false;
      }
    });
    this.#current = next;
    return next;
  }
}
