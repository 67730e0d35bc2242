import { Task, TaskStatus } from '@lit/task';
import type { ModuleWithProgress, TrainingClient } from '@siso/training-sdk';
import type { ReactiveControllerHost } from 'lit';
import { emit } from '../../events/events.ts';
import { isWebUrl } from '../../internal/web-url.ts';

/** Where actions go, and how their effect is brought in. */
export interface ActionsSource {
  /** The client to act with; `undefined` without a credential. */
  readonly client: TrainingClient | undefined;
  /** Brings the action's effect in (see `TrainingDataController.refreshAfterAction`). */
  refreshAfterAction(): Promise<void>;
}

type Action =
  | { kind: 'launch'; client: TrainingClient; module: ModuleWithProgress; tab: Window | null | undefined }
  | { kind: 'complete'; client: TrainingClient; module: ModuleWithProgress };

/**
 * The hub's module actions — open (launch) and mark as done — on one `Task`, whose argument is the
 * action asked for last: one action at a time (asked for while one is under way, an action does
 * nothing, and the view marks the buttons so), its pending and error states read from the task, and `reset()`
 * aborting the one under way when the element comes to show someone else.
 */
export class ModuleActions {
  readonly task: Task<readonly [Action | undefined], void>;
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #source: ActionsSource;
  #action: Action | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, source: ActionsSource) {
    this.#host = host;
    this.#source = source;
    this.task = new Task(host, {
      args: () => [this.#action] as const,
      task: async ([action], { signal }) => {
        // Nothing asked (or reset): settled at once (not `initialState`, which never settles `taskComplete`).
        if (!action) return;
        if (action.kind === 'launch') return this.#launch(action, signal);
        try {
          await action.client.completeModule(action.module.id, { signal });
          // Reset meanwhile: the data shown now is someone else's.
          signal.throwIfAborted();
          await this.#source.refreshAfterAction();
        } catch (error) {
          if (!signal.aborted) emit(this.#host, 'siso-error', { error, action: 'complete' });
          throw error;
        }
      },
    });
  }

  /** The module whose action is under way, if any. */
  get pending(): ModuleWithProgress | undefined {
    return this.task.status === TaskStatus.PENDING ? this.#action?.module : undefined;
  }

  /** Whether the last action failed: "Mark as done" did not go through. */
  get failed(): boolean {
    return this.task.status === TaskStatus.ERROR;
  }

  /**
   * Opens a module: asks the host first (`siso-launch`, cancelable) and opens the tab right in the
   * click — a tab opened only once the launch call has answered has lost the click's user
   * activation, and browsers block it as a popup —, then records the start and sends the tab on.
   */
  launch(module: ModuleWithProgress): void {
    const client = this.#source.client;
    if (!client || this.pending) return;
    const tab = emit(this.#host, 'siso-launch', { moduleId: module.id, module, url: module.material.url }, true)
      ? window.open('about:blank', '_blank')
      : undefined;
    // What `noopener` does — which would leave no handle to navigate the tab with.
    if (tab) tab.opener = null;
    this.#start({ kind: 'launch', client, module, tab });
  }

  /** Marks a self-paced module done. */
  complete(module: ModuleWithProgress): void {
    const client = this.#source.client;
    if (client && !this.pending) this.#start({ kind: 'complete', client, module });
  }

  /** Forgets the action (aborting it if under way) and its error: the element now shows someone else. */
  reset(): void {
    this.#action = undefined;
  }

  #start(action: Action): void {
    this.#action = action;
    this.#host.requestUpdate();
  }

  /** Records the start (also when the host routes in-app), then sends the tab to the launch link. */
  async #launch({ client, module, tab }: Action & { kind: 'launch' }, signal: AbortSignal): Promise<void> {
    let url = module.material.url;
    try {
      // Records that the partner started it; for LMS modules the answer is a launch link.
      url = (await client.launchModule(module.id, { signal })).url;
      void this.#source.refreshAfterAction();
    } catch (error) {
      // Opening the material still helps the partner when recording the start failed.
      if (!signal.aborted) emit(this.#host, 'siso-error', { error, action: 'launch' });
    }
    if (!tab) return;
    if (isWebUrl(url)) tab.location.href = url;
    else tab.close();
  }
}
