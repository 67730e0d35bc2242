import { expect, fixture, html } from '@open-wc/testing';
import { apiBase, tokenFor } from '../../../../test-support/browser-env.ts';
import { loaded } from '../../../../test-support/elements.ts';
import '../define.ts';
import type { TrainingClient } from '@siso/training-sdk';

/** The largest corner radius of every element in `el`'s shadow root, in px, by what it is. */
function corners(el: Element): Map<string, number> {
  const largest = new Map<string, number>();
  for (const node of el.shadowRoot!.querySelectorAll('*')) {
    const style = getComputedStyle(node);
    const px = Math.max(
      ...[style.borderTopLeftRadius, style.borderTopRightRadius, style.borderBottomLeftRadius, style.borderBottomRightRadius].map(
        (r) => parseFloat(r) || 0,
      ),
    );
    const what = node.getAttribute('part') ?? `${node.tagName.toLowerCase()}.${node.className}`;
    largest.set(what, Math.max(px, largest.get(what) ?? 0));
  }
  return largest;
}

const over = (found: Map<string, number>, limit: number) =>
  [...found].filter(([, px]) => px > limit).map(([what, px]) => `${what}: ${px}px`);

describe('--siso-radius', () => {
  it('shapes every corner of both elements, loaded and loading: none is rounder than it', async () => {
    const token = await tokenFor('contoso');
    // Never answers: the skeletons stay.
    const loading = { getTraining: () => new Promise(() => {}) } as unknown as TrainingClient;
    for (const radius of ['0px', '4px', '']) {
      const box = await fixture<HTMLDivElement>(html`<div>
        <siso-training-progress api-base=${apiBase} token=${token}></siso-training-progress>
        <siso-training-hub api-base=${apiBase} token=${token}></siso-training-hub>
        <siso-training-progress live="false" .client=${loading}></siso-training-progress>
      </div>`);
      const [progress, hub, skeleton] = [...box.children];
      // Set on the elements themselves, as a page's stylesheet would (the host's default is 12px).
      for (const el of box.children) if (radius) (el as HTMLElement).style.setProperty('--siso-radius', radius);
      await Promise.all([loaded(progress!), loaded(hub!, 'catalog')]);
      for (const el of [progress!, hub!, skeleton!]) {
        const found = corners(el);
        if (radius) expect(over(found, parseFloat(radius)), `${el.localName} at ${radius}`).to.deep.equal([]);
        // By default the card is rounded, and so are the shapes inside it (the test would see them).
        else expect(found.get('card'), el.localName).to.equal(12);
      }
      if (!radius) expect(over(corners(progress!), 0).length).to.be.greaterThan(5);
    }
  });
});
