import type { ModuleWithProgress } from '@siso/training-sdk';
import { html, nothing } from 'lit';
import type { Strings } from '../../i18n/en.ts';

export interface ActionButtons {
  /** The actions wait while one is under way. */
  readonly busy: boolean;
  launch(m: ModuleWithProgress): void;
  complete(m: ModuleWithProgress): void;
}

/** Open / continue, and "Mark as done" for a self-paced module not done yet, or to be done `again` for a renewal. */
export function moduleActions(t: Strings, m: ModuleWithProgress, actions: ActionButtons, again = false) {
  const canComplete = m.completion === 'self' && (again || m.progress.status !== 'completed');
  return html`<span class="actions">
    ${
      canComplete
        ? html`<button part="button complete-button" type="button" ?disabled=${actions.busy} @click=${() => actions.complete(m)}>
          ${t.markDone}<span class="sr-only">: ${m.title}</span>
        </button>`
        : nothing
    }
    <button part="button launch-button" class="primary" type="button" ?disabled=${actions.busy} @click=${() => actions.launch(m)}>
      ${m.progress.status === 'in_progress' ? t.resume : t.launch}<span class="sr-only">: ${m.title}</span>
    </button>
  </span>`;
}
