import type { TrainingSnapshot, WidgetTokenResponse } from '@siso/training-core';
import type { Logger } from 'pino';
import type { Clock } from '../time/clock.ts';
import { DemoTrainingSystem, type StepResult } from './training-system.ts';

export interface DemoRuntimeOptions {
  /** A `portal` service key: the demo portal backend mints widget tokens with it. */
  portalKey: string;
  /** A `training` key and the ingestion signing secret: the demo training system sends with them. */
  trainingKey: string;
  signingSecret: string;
  /** Partners the training system moves on its timer. */
  partnerIds: readonly string[];
  /** Timer of the training system; 0 leaves it off (steps on request only). */
  intervalMs: number;
  read: (partnerId: string) => Promise<TrainingSnapshot | null>;
  clock: Clock;
  logger: Logger;
}

/** Thrown when the demo is used before the server listens (there is no API to call yet). */
export class DemoNotReadyError extends Error {
  override name = 'DemoNotReadyError';
}

/**
 * What demo mode runs next to the API, as outside parties would: a portal backend that mints
 * widget tokens over HTTP with its portal key, and a training system that posts signed events.
 * Both talk to the server through its public API, never through its internals.
 *
 * @example
 * const demo = new DemoRuntime({ portalKey, trainingKey, signingSecret, partnerIds, intervalMs: 12_000, read, clock, logger });
 * demo.start('http://127.0.0.1:8787'); // once the server listens
 * await demo.portalWidgetToken('northwind');
 * demo.stop();
 */
export class DemoRuntime {
  readonly #options: DemoRuntimeOptions;
  #apiBase: string | undefined;
  #lms: DemoTrainingSystem | undefined;

  constructor(options: DemoRuntimeOptions) {
    this.#options = options;
  }

  /** The server listens at `apiBase`: start the training system's timer. */
  start(apiBase: string): void {
    const { trainingKey, signingSecret, read, partnerIds, intervalMs, clock, logger } = this.#options;
    this.#apiBase = apiBase;
    this.#lms = new DemoTrainingSystem({ apiBase, trainingKey, signingSecret, read, partnerIds, intervalMs, clock, logger });
    this.#lms.start();
  }

  stop(): void {
    this.#lms?.stop();
  }

  /**
   * What a portal backend does for its signed-in partner: `POST /v1/widget-tokens` with its
   * portal key. Resolves with the API's answer, or null for an unknown partner.
   */
  async portalWidgetToken(partnerId: string, signal?: AbortSignal): Promise<WidgetTokenResponse | null> {
    const res = await fetch(`${this.#base()}/v1/widget-tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.#options.portalKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ partnerId, ttlSeconds: 900 }),
      ...(signal ? { signal } : {}),
    });
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`POST /v1/widget-tokens answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as WidgetTokenResponse;
  }

  /** The training system completes the partner's next `lms` module now; null when none is left. */
  advance(partnerId: string): Promise<StepResult | null> {
    this.#base();
    return this.#lms!.step(partnerId, 'complete');
  }

  #base(): string {
    if (!this.#apiBase) throw new DemoNotReadyError('The demo runs once the server listens.');
    return this.#apiBase;
  }
}
