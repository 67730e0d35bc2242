import type { ReactiveController } from 'lit';

const CONTROLS = 'a[href], button, input, select, textarea';
const HEADINGS = 'h2, h3';

/**
 * Keeps keyboard focus in the element when a render removes the focused control ("Mark as done"
 * takes a module out of the recommendations, a renewal ends what was at stake, "Try again" its
 * error): focus moves to the next control of the same section, else to the section's heading,
 * else to the next section's heading, else to the element's heading — instead of falling to the
 * page's body, from where a keyboard or screen reader user would start again at the top.
 */
export class FocusKeeper implements ReactiveController {
  readonly #host: HTMLElement;
  #focused: Element | null | undefined;
  /** Where focus goes if the focused control leaves, best first. */
  #next: HTMLElement[] = [];

  constructor(host: HTMLElement) {
    this.#host = host;
  }

  hostUpdate(): void {
    const root = this.#host.shadowRoot;
    const focused = (this.#focused = root?.activeElement);
    if (!root || !focused) return;
    const section = focused.closest('section') ?? root;
    const controls = [...section.querySelectorAll<HTMLElement>(CONTROLS)];
    const headings = [...root.querySelectorAll<HTMLElement>(HEADINGS)];
    const after = (el: Element) => Boolean(focused.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
    this.#next = [
      ...controls.filter(after),
      ...[section.querySelector<HTMLElement>(HEADINGS)],
      ...headings.filter(after),
      ...headings.slice(0, 1),
    ].filter((el): el is HTMLElement => Boolean(el));
  }

  hostUpdated(): void {
    const focused = this.#focused;
    const next = this.#next;
    this.#focused = undefined;
    this.#next = [];
    // Still there, or focus has gone elsewhere (the page moved it): nothing to do.
    if (!focused || focused.isConnected || (document.activeElement && document.activeElement !== document.body)) return;
    const target = next.find((el) => el.isConnected && !el.matches(':disabled'));
    // A heading takes focus from a script only, never from Tab.
    if (target?.matches(HEADINGS)) target.tabIndex = -1;
    target?.focus();
  }
}
