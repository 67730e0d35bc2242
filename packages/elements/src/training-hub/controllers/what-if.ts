import { Task, TaskStatus } from '@lit/task';
import type { Simulation, TrainingClient, TrainingSnapshot } from '@siso/training-sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { delay } from '../../internal/delay.ts';

/** Wait this long after the last pick before asking the API, so a burst of clicks is one call. */
const DEBOUNCE_MS = 250;

/** Where the what-if starts from. */
export interface WhatIfSource {
  /** The client to ask; `undefined` without a credential. */
  readonly client: TrainingClient | undefined;
  /** The partner's training now. */
  readonly snapshot: TrainingSnapshot | undefined;
}

type Args = readonly [TrainingClient | undefined, ReadonlySet<string>, number | undefined];

const NONE: ReadonlySet<string> = new Set();
/** The arguments while nothing is picked: nothing to ask, whatever else changes. */
const IDLE: Args = [undefined, NONE, undefined];

/**
 * The what-if calculator: the modules picked, and the simulation of completing them, on a `Task`
 * whose arguments are the client, the picks and the snapshot's cursor. A new pick is a new run,
 * which aborts the run still waiting out the debounce or asking — so a burst of clicks is one
 * call and no late answer overwrites a newer one —, and a live change asks again, so "before" is
 * always now. A picked module that becomes completed leaves the picks: it is no longer a what-if.
 */
export class WhatIf implements ReactiveController {
  /** The modules picked, as ids. */
  picked: ReadonlySet<string> = NONE;
  /** Completes with the simulation, or with `undefined` when there is nothing to ask. */
  readonly task: Task<Args, Simulation | undefined>;
  readonly #host: ReactiveControllerHost;
  readonly #source: WhatIfSource;
  /** A run was aborted because the host left the page: run again when it is back. */
  #interrupted = false;

  /** `onError` hears each failure of the latest run (not the aborts of superseded ones). */
  constructor(host: ReactiveControllerHost, source: WhatIfSource, onError: (error: unknown) => void) {
    // Before the task, so the picks are pruned before the task compares its arguments.
    (this.#host = host).addController(this);
    this.#source = source;
    this.task = new Task<Args, Simulation | undefined>(host, {
      args: () => (this.picked.size === 0 ? IDLE : [source.client, this.picked, source.snapshot?.cursor]),
      task: async ([client, picked], { signal }) => {
        // Not `initialState`: a run ending there never settles `taskComplete`, which callers await.
        if (!client || picked.size === 0) return undefined;
        await delay(DEBOUNCE_MS, signal);
        try {
          return await client.simulate({ complete: [...picked] }, { signal });
        } catch (error) {
          if (!signal.aborted) onError(error);
          throw error;
        }
      },
    });
  }

  /** Adds or removes a module from the picks. */
  pick(moduleId: string, on: boolean): void {
    const picked = new Set(this.picked);
    if (on) picked.add(moduleId);
    else picked.delete(moduleId);
    this.picked = picked;
    this.#host.requestUpdate();
  }

  /** Forgets the picks (and so the result): the element now shows someone else. */
  reset(): void {
    this.picked = NONE;
  }

  hostUpdate(): void {
    const snapshot = this.#source.snapshot;
    if (!snapshot || this.picked.size === 0) return;
    const open = new Set(snapshot.modules.filter((m) => m.progress.status !== 'completed').map((m) => m.id));
    if ([...this.picked].some((id) => !open.has(id))) this.picked = new Set([...this.picked].filter((id) => open.has(id)));
  }

  hostConnected(): void {
    if (!this.#interrupted) return;
    this.#interrupted = false;
    void this.task.run();
  }

  hostDisconnected(): void {
    if (this.task.status !== TaskStatus.PENDING) return;
    this.#interrupted = true;
    this.task.abort();
  }
}
