import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnServer } from '../../test-support/spawn-server.ts';

describe('npm start (server/src/main.ts)', { timeout: 120_000 }, () => {
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

  /** Start-up that must fail: what the process printed, for one line. */
  const failedStart = (env: Record<string, string>) =>
    spawnServer(env).then(
      async (server) => {
        await server.stop();
        throw new Error('expected start-up to fail');
      },
      (e: Error) => e.message,
    );

  it('ends with one clear line when the port is in use', async () => {
    // Anything holding the port will do; the server takes its port before opening the database.
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = holder.address() as AddressInfo;
      const printed = await failedStart({ PORT: String(port) });
      expect(printed).toMatch(/exited with 1/);
      expect(printed.split('\n').slice(1).filter(Boolean)).toEqual([
        `siso-training: cannot listen on 127.0.0.1:${port}: the port is in use (another server running? set PORT)`,
      ]);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('ends with one clear line when HOST is no address of this machine', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never assigned to a host.
    const printed = await failedStart({ HOST: '192.0.2.1' });
    expect(printed.split('\n').slice(1).filter(Boolean)).toEqual([
      'siso-training: cannot listen on 192.0.2.1:0: no such address on this machine (set HOST)',
    ]);
  });

  it('refuses a second server on the same embedded database, and takes it over once the first is gone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'siso-shared-'));
    try {
      const first = await spawnServer({ DATA_DIR: dataDir });
      const printed = await failedStart({ DATA_DIR: dataDir });
      expect(printed.split('\n').slice(1).filter(Boolean)).toEqual([
        `siso-training: the embedded database at ${join(dataDir, 'pglite')} is in use by process ${first.process.pid}: stop that server first (if none runs, remove ${join(dataDir, 'pglite.lock')}), or give this one another DATA_DIR (or use PostgreSQL with DATABASE_URL)`,
      ]);
      await first.kill(); // as a crash would: its lock stays behind
      const second = await spawnServer({ DATA_DIR: dataDir });
      expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
      expect(await second.stop()).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('prints the URLs and a working demo widget token; logs each request with who made it', async () => {
    const server = await spawnServer({ LOG_LEVEL: 'info' });
    try {
      const token = /^(eyJ[\w-]+\.[\w-]+\.[\w-]+)$/m.exec(server.output())?.[1];
      expect(token).toBeDefined();
      const res = await fetch(`${server.url}/v1/me/training`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(server.output()).toMatch(/\/healthz/);
      // The log line is written once the answer has gone out, by another process: wait for it.
      const logged = () =>
        server
          .output()
          .split('\n')
          .filter((l) => l.startsWith('{') && l.endsWith('}'))
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .find((l) => l.msg === 'request' && l.path === '/v1/me/training');
      await expect
        .poll(logged, { timeout: 20_000 })
        .toMatchObject({ method: 'GET', status: 200, partner: 'northwind', requestId: expect.any(String) });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';

  /**
   * A request whose headers are sent and whose body is not yet: resolves once the server has it
   * under way, which its `100 Continue` says (the request has been handed to the app).
   */
  async function requestUnderWay(url: string, body: string): Promise<{ socket: Socket; answer: Promise<string>; finish: () => void }> {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let received = '';
    let continued: () => void = () => {};
    const underWay = new Promise<void>((resolve) => (continued = resolve));
    socket.on('data', (d: Buffer) => {
      received += d.toString();
      if (received.startsWith(CONTINUE)) continued();
    });
    socket.on('error', () => {});
    const answer = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
    socket.write(
      `POST /v1/certificates/verify HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\nexpect: 100-continue\r\ncontent-length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
    );
    await underWay;
    return { socket, answer, finish: () => socket.write(body.slice(5)) };
  }

  it('on SIGTERM stops listening, answers requests under way, cuts those past SHUTDOWN_GRACE_SECONDS, exits 0', async () => {
    const server = await spawnServer({ SHUTDOWN_GRACE_SECONDS: '2' });
    const finishing = await requestUnderWay(server.url, JSON.stringify({ credential: 'eyJhbGciOiJFZERTQSIsImtpZCI6Im5vbmUifQ.e30.c2ln' }));
    const stalled = await requestUnderWay(server.url, JSON.stringify({ credential: 'never sent in full' }));
    const stopped = performance.now();
    const exited = server.stop('SIGTERM');
    await expect
      .poll(
        () =>
          fetch(`${server.url}/healthz`).then(
            () => 'listening',
            () => 'refused',
          ),
        { timeout: 20_000 },
      )
      .toBe('refused');
    finishing.finish();
    // Answered in full (a credential that does not verify: a verdict, not a reset), then closed.
    expect(await finishing.answer).toMatch(
      /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n\{"status":"(tampered|unknown)"/,
    );
    // The other never finishes: its connection is cut when the grace period ends, and not before
    // (a lower bound on the server's own timer: a slow machine only makes it longer).
    expect(await stalled.answer).toBe(CONTINUE);
    expect(performance.now() - stopped).toBeGreaterThanOrEqual(2_000);
    expect(await exited).toBe(0);
  });
});
