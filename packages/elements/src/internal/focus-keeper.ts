import type { ReactiveController } from 'lit';

const CONTROLS = 'a[href], button, input, select, textarea';
const HEADINGS = 'h2, h3';

/** What a control is, across renders that re-create it: its part and its name. */
const signature = (el: Element) =>
  `${el.getAttribute('part')} ${el.getAttribute('aria-label') ?? el.closest('label')?.textContent ?? el.textContent}`;

/**
 * Keeps keyboard focus in the element when a render removes the focused control ("Mark as done"
 * takes a module out of the recommendations, a renewal ends what was at stake, "Try again" its
 * error). Focus goes to the same control if the render made it anew, else to the control now where
 * it was in its section (the next item's), else to the section's heading, else to the next
 * section's heading, else to the element's — instead of falling to the page's body, from where a
 * keyboard or screen reader user would start again at the top.
 */
export class FocusKeeper implements ReactiveController {
  readonly #host: HTMLElement;
  #focused: { el: Element; signature: string; index: number; section: Element | ShadowRoot; headings: HTMLElement[] } | undefined;

  constructor(host: HTMLElement) {
    this.#host = host;
  }

  hostUpdate(): void {
    const root = this.#host.shadowRoot;
    const el = root?.activeElement;
    if (!root || !el) return;
    const section: Element | ShadowRoot = el.closest('section') ?? root;
    // Headings that follow it, then the first (the element's own).
    const headings = [...root.querySelectorAll<HTMLElement>(HEADINGS)];
    const after = headings.filter((h) => el.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING);
    this.#focused = {
      el,
      signature: signature(el),
      index: [...section.querySelectorAll(CONTROLS)].indexOf(el),
      section,
      headings: [...after, ...headings.slice(0, 1)],
    };
  }

  hostUpdated(): void {
    const focused = this.#focused;
    this.#focused = undefined;
    // Still there, or focus has gone elsewhere (the page moved it): nothing to do.
    if (!focused || focused.el.isConnected || (document.activeElement && document.activeElement !== document.body)) return;
    const { section } = focused;
    const controls = section.isConnected ? [...section.querySelectorAll<HTMLElement>(CONTROLS)] : [];
    const target =
      controls.find((c) => signature(c) === focused.signature) ??
      controls[focused.index] ??
      (section.isConnected ? section.querySelector<HTMLElement>(HEADINGS) : null) ??
      focused.headings.find((h) => h.isConnected);
    // A heading takes focus from a script only, never from Tab.
    if (target?.matches(HEADINGS)) target.tabIndex = -1;
    target?.focus();
  }
}
