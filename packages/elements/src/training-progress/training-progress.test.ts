import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { apiBase, tokenFor } from '../../../../test-support/browser-env.ts';
import '../define.ts';
import type { SisoTrainingProgress } from './training-progress.ts';

const part = (el: Element, name: string) => el.shadowRoot!.querySelector(`[part~="${name}"]`);

async function loaded(el: SisoTrainingProgress) {
  await waitUntil(() => part(el, 'modules') || part(el, 'error'), 'the element never finished loading', { timeout: 5000 });
}

describe('<siso-training-progress>', () => {
  it('shows "x of y modules" and a progress bar from the real API', async () => {
    const token = await tokenFor('northwind');
    const el = await fixture<SisoTrainingProgress>(html`<siso-training-progress api-base=${apiBase} token=${token} locale="en"></siso-training-progress>`);
    await loaded(el);
    expect(part(el, 'modules')!.textContent).to.equal('2 of 15 modules');
    expect(part(el, 'percent')!.textContent).to.equal('13%');
    const bar = part(el, 'bar')!;
    expect(bar.getAttribute('role')).to.equal('progressbar');
    expect(bar.getAttribute('aria-valuenow')).to.equal('13');
    expect(bar.getAttribute('aria-valuemin')).to.equal('0');
    expect(bar.getAttribute('aria-valuemax')).to.equal('100');
  });

  it('gets its token from token-url', async () => {
    const el = await fixture<SisoTrainingProgress>(
      html`<siso-training-progress api-base=${apiBase} token-url=${`${apiBase}/demo/widget-token?partnerId=contoso`}></siso-training-progress>`,
    );
    await loaded(el);
    expect(part(el, 'modules')!.textContent).to.equal('7 of 15 modules');
  });

  it('shows an error with a retry that recovers', async () => {
    const token = await tokenFor('fabrikam');
    // Port 9 (discard) refuses connections: the load fails fast.
    const el = await fixture<SisoTrainingProgress>(html`<siso-training-progress api-base="http://127.0.0.1:9" token=${token}></siso-training-progress>`);
    await loaded(el);
    const error = part(el, 'error')!;
    expect(error.getAttribute('role')).to.equal('alert');
    el.apiBase = apiBase;
    await waitUntil(() => part(el, 'modules'), 'did not recover after api-base changed', { timeout: 5000 });
    expect(part(el, 'modules')!.textContent).to.equal('0 of 15 modules');
  });

  it('asks for a credential when it has none', async () => {
    const el = await fixture<SisoTrainingProgress>(html`<siso-training-progress api-base=${apiBase}></siso-training-progress>`);
    await waitUntil(() => el.shadowRoot!.textContent!.includes('token'), 'no hint shown');
  });

  it('renders partner text as text, never as HTML', async () => {
    const el = await fixture<SisoTrainingProgress>(html`<siso-training-progress api-base=${apiBase}></siso-training-progress>`);
    el.strings = { progressTitle: '<img src=x onerror=alert(1)>' };
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(part(el, 'title')!.textContent).to.equal('<img src=x onerror=alert(1)>');
  });
});
