import { keyed } from 'lit/directives/keyed.js';

/**
 * `items.map(template)`, where a place keeps its DOM only while it shows the same item (by `key`):
 * a bar never moves from another item's value, and a row that leaves takes its controls along
 * (FocusKeeper then moves focus on). Unlike `repeat` it does not move DOM with an item that moves;
 * the lists here keep their order, and it costs a third of `repeat`'s bytes in the script-tag file.
 */
export function keyedMap<T>(items: readonly T[], key: (item: T) => unknown, template: (item: T) => unknown): unknown[] {
  return items.map((item) => keyed(key(item), template(item)));
}
