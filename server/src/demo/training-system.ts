import { randomUUID } from 'node:crypto';
import { SIGNATURE_HEADER, type IngestEvent, type IngestResponse, type TrainingSnapshot } from '@siso/training-core';
import type { Logger } from 'pino';
import { signBody } from '../ingest/signature.ts';
import type { Clock } from '../time/clock.ts';

export interface DemoTrainingSystemOptions {
  /** Where the API listens; events go through it like any training system's. */
  apiBase: string;
  trainingKey: string;
  signingSecret: string;
  /** Reads a partner's current training, to decide what they plausibly do next. */
  read: (partnerId: string) => Promise<TrainingSnapshot | null>;
  /** Partners taking turns on the timer. */
  partnerIds: readonly string[];
  /** Time between two steps; partners take turns. Default 12 s, so each demo partner moves within a minute. 0: no timer. */
  intervalMs?: number;
  /** The server's clock: events are dated and signed by it. */
  clock: Clock;
  logger: Logger;
}

export type StepMode = 'natural' | 'complete';

/** What one step sent, and what the API answered. */
export interface StepResult {
  partnerId: string;
  moduleId: string;
  /** The module's title, for a demo UI to say what happened. */
  title: string;
  /** The last event of the step: where the module now stands. */
  type: IngestEvent['type'];
  response: IngestResponse;
}

/**
 * Demo mode's stand-in for the LMS: partners start modules, make progress, pass assessments
 * and so earn certifications and cross tiers. Everything goes through the real, signed
 * ingestion API, so the demo exercises the same path as production.
 *
 * @example
 * const lms = new DemoTrainingSystem({ apiBase, trainingKey, signingSecret, read, partnerIds: ['northwind'], logger });
 * lms.start();
 * await lms.step('northwind', 'complete'); // finish a module now
 * lms.stop();
 */
export class DemoTrainingSystem {
  readonly #options: DemoTrainingSystemOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #turn = 0;
  #busy = false;

  constructor(options: DemoTrainingSystemOptions) {
    this.#options = options;
  }

  /** Starts the timer (nothing happens when `intervalMs` is 0). */
  start(): void {
    const interval = this.#options.intervalMs ?? 12_000;
    if (interval <= 0 || this.#timer) return;
    this.#timer = setInterval(() => void this.#tick(), interval);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Moves one partner on: `natural` takes the next small step, `complete` finishes the module
   * in progress (or the top recommendation) at once. Resolves with what was sent and what the
   * API answered, or `null` when the partner is unknown or has no `lms` module left to take.
   */
  async step(partnerId: string, mode: StepMode = 'natural'): Promise<StepResult | null> {
    const snapshot = await this.#options.read(partnerId);
    if (!snapshot) return null;
    const next = nextModule(snapshot);
    if (!next) return null;
    const events = plan(snapshot, mode, this.#options.clock.now());
    const response = await this.#send(events);
    return { partnerId, moduleId: next.id, title: next.title, type: events.at(-1)!.type, response };
  }

  async #tick(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    const ids = this.#options.partnerIds;
    try {
      // A partner with nothing left gives their turn to the next one.
      for (let tries = 0; tries < ids.length; tries += 1) {
        const partnerId = ids[this.#turn++ % ids.length]!;
        if (await this.step(partnerId)) break;
      }
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'demo training system step failed');
    } finally {
      this.#busy = false;
    }
  }

  async #send(events: IngestEvent[]): Promise<IngestResponse> {
    const body = JSON.stringify({ events });
    const res = await fetch(`${this.#options.apiBase}/v1/ingest/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.#options.trainingKey}`,
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody({
          secret: this.#options.signingSecret,
          body,
          timestamp: Math.floor(this.#options.clock.now().getTime() / 1000),
        }),
      },
      body,
    });
    if (!res.ok) throw new Error(`ingestion answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as IngestResponse;
  }
}

type SnapshotModule = TrainingSnapshot['modules'][number];

/**
 * The module the partner works on next: the `lms` module in progress, else the first `lms`
 * module the partner is advised to take — a module passed before, when renewing a certificate
 * comes first. `self` modules are the partner's to mark done, in the hub.
 */
export function nextModule(snapshot: TrainingSnapshot): SnapshotModule | undefined {
  const lms = snapshot.modules.filter((m) => m.completion === 'lms');
  const inProgress = lms.find((m) => m.progress.status === 'in_progress');
  return inProgress ?? snapshot.recommendations.map((r) => lms.find((m) => m.id === r.moduleId)).find((m) => m !== undefined);
}

/** The events of one plausible next step for this partner. */
export function plan(snapshot: TrainingSnapshot, mode: StepMode, now: Date, random: () => number = Math.random): IngestEvent[] {
  const next = nextModule(snapshot);
  if (!next) return [];
  const partnerId = snapshot.partner.id;
  const occurredAt = now.toISOString();
  const base = { partnerId, occurredAt, moduleId: next.id };
  const id = () => `demo-${randomUUID()}`;

  // People take longer than the estimate; 1.2–1.5× also makes the core modules alone worth the
  // training hours Silver asks for, so a demo partner can cross that tier on LMS events alone.
  const fullTime = Math.round(next.estimatedMinutes * 60 * (1.2 + random() * 0.3));
  const events: IngestEvent[] = [];
  if (next.progress.status === 'not_started') events.push({ ...base, id: id(), type: 'module.started' });
  const percent = next.progress.percent;
  if (mode === 'natural' && percent < 60) {
    const to = Math.min(95, percent + 30 + Math.round(random() * 15));
    events.push({ ...base, id: id(), type: 'module.progress', percent: to, timeSpentSeconds: Math.round((fullTime * to) / 100) });
  } else {
    // Scores clear every certification's passing score, so finished modules count towards them.
    const score = 82 + Math.round(random() * 16);
    events.push({
      ...base,
      id: id(),
      type: 'module.completed',
      score,
      timeSpentSeconds: Math.max(fullTime, next.progress.timeSpentSeconds),
    });
  }
  return events;
}
