import type { ModuleWithProgress } from '@siso/training-sdk';
import { html, nothing } from 'lit';
import type { Strings } from '../../i18n/en.ts';

export interface ActionButtons {
  /** The actions wait while one is under way. */
  readonly busy: boolean;
  launch(m: ModuleWithProgress): void;
  complete(m: ModuleWithProgress): void;
}

/**
 * Open / continue, and "Mark as done" for a self-paced module not done yet, or to be done `again`
 * for a renewal. While an action is under way the buttons are `aria-disabled`, not `disabled`: a
 * disabled button loses focus, and the keyboard user with it. Each is named with its module
 * (`actionOn`) in `aria-label`: a visually hidden suffix is a block box to Chromium, which then
 * names the button "Continue : Pricing".
 */
export function moduleActions(t: Strings, m: ModuleWithProgress, actions: ActionButtons, again = false) {
  const canComplete = m.completion === 'self' && (again || m.progress.status !== 'completed');
  const busy = actions.busy ? 'true' : 'false';
  const open = m.progress.status === 'in_progress' ? t.resume : t.launch;
  return html`<span class="actions">
    ${
      canComplete
        ? html`<button part="button complete-button" type="button" aria-disabled=${busy} aria-label=${t.actionOn(t.markDone, m.title)} @click=${() => actions.complete(m)}>
          ${t.markDone}
        </button>`
        : nothing
    }
    <button part="button launch-button" class="primary" type="button" aria-disabled=${busy} aria-label=${t.actionOn(open, m.title)} @click=${() => actions.launch(m)}>
      ${open}
    </button>
  </span>`;
}
