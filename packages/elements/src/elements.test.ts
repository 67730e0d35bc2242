import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { apiBase, tokenFor } from '../../../test-support/browser-env.ts';
import { loaded, part } from '../../../test-support/elements.ts';

// These run against the built script-tag file (npm run build first), as a CMS page would load it.
const bundle = '/packages/elements/dist/siso-training.js';

describe('the script-tag bundle', () => {
  it('loads twice on one page without errors, and the elements work', async () => {
    const errors: string[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.message);
    window.addEventListener('error', onError);
    const warn = console.warn;
    console.warn = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      // Two URLs are two module instances: two copies of the bundle.
      await import(/* @vite-ignore */ `${bundle}?copy=1`);
      await import(/* @vite-ignore */ `${bundle}?copy=2`);
    } finally {
      console.warn = warn;
      window.removeEventListener('error', onError);
    }
    expect(errors).to.deep.equal([]);
    const token = await tokenFor('northwind');
    const el = await fixture(html`<siso-training-progress api-base=${apiBase} token=${token}></siso-training-progress>`);
    await loaded(el);
    expect(part(el, 'modules')!.textContent).to.equal('2 of 15 modules');
  });

  it('keeps a token set as a property out of the DOM', async () => {
    const token = await tokenFor('northwind');
    const el = await fixture<HTMLElement & { token?: string }>(html`<siso-training-progress api-base=${apiBase}></siso-training-progress>`);
    el.token = token;
    await loaded(el);
    expect(el.hasAttribute('token')).to.equal(false);
    expect(part(el, 'modules')!.textContent).to.equal('2 of 15 modules');
  });

  it('works under the strict Content-Security-Policy the server uses', async () => {
    const frame = document.createElement('iframe');
    frame.src = '/__siso/csp.html';
    const report = oneEvent(window, 'message');
    document.body.append(frame);
    try {
      const { data } = (await report) as unknown as MessageEvent<{ violations: string[]; titles: string[] }>;
      expect(data.violations).to.deep.equal([]);
      expect(data.titles).to.deep.equal(['Training progress', 'Training hub']);
    } finally {
      frame.remove();
    }
  });

  it('takes theming from ::part() and --siso-* custom properties', async () => {
    const style = document.createElement('style');
    style.textContent = `
      .themed { --siso-color-accent: rgb(200, 0, 100); }
      .themed::part(title) { color: rgb(1, 2, 3); }`;
    document.head.append(style);
    try {
      const token = await tokenFor('northwind');
      const el = await fixture(
        html`<siso-training-progress class="themed" theme="light" api-base=${apiBase} token=${token}></siso-training-progress>`,
      );
      await loaded(el);
      expect(getComputedStyle(part(el, 'title')!).color).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(part(el, 'bar-fill')!).backgroundColor).to.equal('rgb(200, 0, 100)');
    } finally {
      style.remove();
    }
  });
});
