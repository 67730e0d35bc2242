import type { ModuleWithProgress } from '@siso/training-sdk';
import { html, type TemplateResult } from 'lit';
import type { View } from '../../internal/training-element.ts';

/** What every section of the hub renders from: the element's view plus the hub's own state. */
export interface HubView extends View {
  /** `changed` while a live update of `key` is being highlighted. */
  flash(key: string): string;
  /** A module's action buttons; `again` offers "Mark as done" on a module done before (a renewal). */
  actions(m: ModuleWithProgress, again?: boolean): TemplateResult;
}

/**
 * Items on one line with a "·" between them that assistive technology skips: CSS draws it
 * (`.sep + .sep::before`, with empty alternative text), so a screen reader hears only the items.
 */
export function separated(items: readonly unknown[]) {
  return items.map((item) => html`<span class="sep">${item}</span> `);
}

/** A titled section with its parts (`section` and `id`). */
export function section(id: string, title: string, body: unknown): TemplateResult {
  return html`<section part="section ${id}" aria-labelledby=${`h-${id}`}><h3 id=${`h-${id}`}>${title}</h3>${body}</section>`;
}
