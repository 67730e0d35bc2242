import { describe, expect, it } from 'vitest';
import { spawnServer } from '../../test-support/spawn-server.ts';

describe('npm start (server/src/main.ts)', () => {
  it('ends with one clear line when DATABASE_URL cannot be reached', async () => {
    const started = spawnServer({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' });
    const error = await started.then(
      () => new Error('expected start-up to fail'),
      (e: Error) => e,
    );
    expect(error.message).toMatch(/exited with 1/);
    const printed = error.message.split('\n').slice(1).filter(Boolean);
    expect(printed).toEqual(['siso-training: cannot reach PostgreSQL at 127.0.0.1:1/test: ECONNREFUSED']);
  });

  it('refuses an invalid configuration with one line naming the variable', async () => {
    const error = await spawnServer({ PORT: 'eighty' }).then(
      () => new Error('expected start-up to fail'),
      (e: Error) => e,
    );
    expect(error.message).toMatch(/siso-training: invalid configuration: PORT/);
  });

  it('prints the URLs and a working demo widget token', async () => {
    const server = await spawnServer();
    try {
      const token = /^(eyJ[\w-]+\.[\w-]+\.[\w-]+)$/m.exec(server.output())?.[1];
      expect(token).toBeDefined();
      const res = await fetch(`${server.url}/v1/me/training`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(server.output()).toMatch(/\/healthz/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
