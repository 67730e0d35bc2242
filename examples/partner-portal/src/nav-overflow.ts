// The sidebar becomes one scrolling row on a narrow screen. An entry scrolled out of sight must
// not look like the end of the list: the wrapper says which edges have more (`data-more="start
// end"`) and the stylesheet draws a fade and an arrow there.

/**
 * Keeps `marked`'s `data-more` up to date with what `row` hides at its edges, and brings a
 * focused entry wholly into sight (the browser leaves one that is partly in sight where it is,
 * under the cue).
 */
export function markOverflow(row: HTMLElement, marked: HTMLElement): void {
  row.addEventListener('focusin', (e) => {
    if (e.target instanceof HTMLElement) revealInRow(row, e.target);
  });
  const update = () => {
    const hidden = row.scrollWidth - row.clientWidth;
    const more = [row.scrollLeft > 1 ? 'start' : '', row.scrollLeft < hidden - 1 ? 'end' : ''].filter(Boolean);
    marked.dataset['more'] = more.join(' ');
  };
  row.addEventListener('scroll', update, { passive: true });
  // The row's own size (the window) and its entries' (another language) both change what fits.
  const observer = new ResizeObserver(update);
  observer.observe(row);
  for (const entry of row.children) observer.observe(entry);
  update();
}

/** Room kept beside a revealed entry, so that the cue does not cover it. */
const CUE_WIDTH = 40;

/** Scrolls the row, not the page, so that `entry` is in sight (the current route's link). */
export function revealInRow(row: HTMLElement, entry: HTMLElement): void {
  const box = row.getBoundingClientRect();
  const { left, right } = entry.getBoundingClientRect();
  if (left < box.left) row.scrollLeft -= box.left - left + CUE_WIDTH;
  else if (right > box.right) row.scrollLeft += right - box.right + CUE_WIDTH;
}
