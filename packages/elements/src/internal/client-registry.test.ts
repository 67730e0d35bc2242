import { expect } from '@open-wc/testing';
import { sharedClient } from './client-registry.ts';

describe('sharedClient', () => {
  it('shares one client per configuration and keeps only the recently used ones', () => {
    const config = (token: string) => ({ apiBase: 'https://registry.test', token });
    const kept = sharedClient(config('kept'));
    const dropped = sharedClient(config('dropped'));
    expect(sharedClient(config('kept'))).to.equal(kept);
    // A page that keeps replacing its token: each new one is a new configuration.
    for (let i = 0; i < 20; i++) {
      sharedClient(config(`replaced-${i}`));
      sharedClient(config('kept'));
    }
    expect(sharedClient(config('kept'))).to.equal(kept);
    expect(sharedClient(config('dropped'))).not.to.equal(dropped);
  });
});
