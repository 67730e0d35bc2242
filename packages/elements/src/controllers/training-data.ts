import { Task, TaskStatus } from '@lit/task';
import type { TrainingClient, TrainingSnapshot } from '@siso/training-sdk';
import type { ReactiveControllerHost } from 'lit';

export interface TrainingDataHost extends ReactiveControllerHost {
  /** The client to read with; `undefined` while the element has no credential. */
  resolveClient(): TrainingClient | undefined;
}

/**
 * Loads the partner's snapshot for an element. The task re-runs when the resolved client
 * changes (new token, new api-base) and aborts the previous load.
 */
export class TrainingDataController {
  readonly task: Task<[TrainingClient | undefined], TrainingSnapshot | undefined>;

  constructor(host: TrainingDataHost) {
    this.task = new Task(host, {
      args: () => [host.resolveClient()] as const,
      task: async ([client], { signal }) => (client ? client.getTraining({ signal }) : undefined),
    });
  }

  get loading(): boolean {
    return this.task.status === TaskStatus.PENDING || this.task.status === TaskStatus.INITIAL;
  }

  /** Load again, e.g. from the error state's retry button. */
  retry(): void {
    void this.task.run();
  }
}
