import { html, nothing } from 'lit';
import { bar } from '../../internal/bar.ts';
import { keyedMap } from '../../internal/keyed-map.ts';
import { section, separated, type HubView } from './view.ts';

/** What the catalog shows: a category and a status (`all` for any), and words to look for. */
export interface CatalogFilter {
  search: string;
  category: string;
  status: string;
}

export const ANY: CatalogFilter = { search: '', category: 'all', status: 'all' };

/**
 * The whole catalog with its filters and search; each module with its status, progress, why it is
 * locked, and its actions. `locale` compares the search case-insensitively; `set` changes the filter.
 * Rows are keyed: one that leaves the list (a status filter) takes its buttons with it.
 */
export function catalog(v: HubView, filter: CatalogFilter, set: (patch: Partial<CatalogFilter>) => void, locale: string | undefined) {
  const { s, t, f, say } = v;
  const { search, category, status } = filter;
  const needle = search.trim().toLocaleLowerCase(locale);
  const locked = new Map(s.locked.map((l) => [l.moduleId, l.reasons]));
  const shown = s.modules.filter(
    (m) =>
      (category === 'all' || m.category === category) &&
      (status === 'all' || m.progress.status === status) &&
      (!needle || `${m.title} ${m.summary}`.toLocaleLowerCase(locale).includes(needle)),
  );
  const options = (all: Record<string, string>, value: string) => html`<option value="all" ?selected=${value === 'all'}>${t.all}</option>
    ${Object.entries(all).map(([key, label]) => html`<option value=${key} ?selected=${value === key}>${label}</option>`)}`;
  return section(
    'catalog',
    t.catalog,
    html`<div part="filters" role="search">
        <label class="field">
          <span>${t.search}</span>
          <input part="search" type="search" .value=${search} @input=${(e: Event) => set({ search: (e.target as HTMLInputElement).value })} />
        </label>
        <label class="field">
          <span>${t.category}</span>
          <select part="category-filter" @change=${(e: Event) => set({ category: (e.target as HTMLSelectElement).value })}>
            ${options(t.categories, category)}
          </select>
        </label>
        <label class="field">
          <span>${t.status}</span>
          <select part="status-filter" @change=${(e: Event) => set({ status: (e.target as HTMLSelectElement).value })}>
            ${options(t.statuses, status)}
          </select>
        </label>
      </div>
      ${
        shown.length === 0
          ? html`<p class="muted" role="status">${t.noMatches}</p>`
          : html`<ul part="modules" class="list">
            ${keyedMap(
              shown,
              (m) => m.id,
              (m) => {
                const reasons = locked.get(m.id);
                const done = m.progress.status === 'completed';
                return html`<li part=${done ? 'module module-completed' : 'module'} class="item ${v.flash(`module:${m.id}`)}">
                <div class="row">
                  <strong part="module-title">${m.title}</strong>
                  <span class="chips">
                    <span part="chip">${t.categories[m.category] ?? m.category}</span>
                    <span part="chip" class=${`status-${m.progress.status}`}>${t.statuses[m.progress.status]}</span>
                  </span>
                </div>
                <p class="muted">${m.summary}</p>
                ${m.progress.status === 'in_progress' ? bar(m.progress.percent / 100, m.title, f.percent(m.progress.percent), 'bar', true) : nothing}
                ${reasons ? html`<p part="locked" class="muted">${t.locked}: ${separated(reasons.map((r) => say(r.code, r.params)))}</p>` : nothing}
                <div class="row">
                  <span class="muted">${t.minutes(f.number(m.estimatedMinutes))}</span>
                  ${reasons ? nothing : v.actions(m)}
                </div>
              </li>`;
              },
            )}
          </ul>`
      }`,
  );
}
