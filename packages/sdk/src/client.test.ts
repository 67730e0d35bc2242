import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServer, type TestServer } from '@siso/training-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingClient } from './client.ts';
import { ApiError, isApiError, isNetworkError, isValidationError, NetworkError, ValidationError } from './errors.ts';
import { withAddedFields } from './testing/fixtures.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('TrainingClient.getTraining', () => {
  it('returns the validated snapshot for a fixed token', async () => {
    const client = new TrainingClient({ apiBase: server.url, token: await server.tokenFor('northwind') });
    const snapshot = await client.getTraining();
    expect(snapshot.partner.id).toBe('northwind');
    expect(snapshot.summary).toMatchObject({ modulesCompleted: 2, modulesTotal: 15 });
  });

  it('refreshes an expired token once, shared by concurrent calls', async () => {
    let calls = 0;
    const client = new TrainingClient({
      apiBase: server.url,
      tokenProvider: async () => {
        calls += 1;
        // The first token is already expired, the second is good.
        return calls === 1
          ? { token: await server.tokenFor('contoso', -5), expiresAt: new Date(Date.now() + 60_000) }
          : server.tokenFor('contoso');
      },
    });
    const [a, b] = await Promise.all([client.getTraining(), client.getTraining()]);
    expect(a.partner.id).toBe('contoso');
    expect(b.partner.id).toBe('contoso');
    expect(calls).toBe(2);
  });

  it('fetches its token from a token URL', async () => {
    const client = new TrainingClient({ apiBase: server.url, tokenUrl: `${server.url}/demo/widget-token?partnerId=fabrikam` });
    expect((await client.getTraining()).partner.id).toBe('fabrikam');
  });

  it('throws ApiError carrying the problem+json fields when the API refuses', async () => {
    const client = new TrainingClient({ apiBase: server.url, token: 'not-a-token' });
    const error = await client.getTraining().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(isApiError(error)).toBe(true);
    const api = error as ApiError;
    expect(api.status).toBe(401);
    expect(api.title).toBe('Unauthorized');
    expect(api.detail).toMatch(/malformed/);
    expect(api.type).toMatch(/\/unauthorized$/);
    expect(api.requestId).toMatch(/./);
  });

  it('throws NetworkError when nothing answers', async () => {
    const client = new TrainingClient({ apiBase: 'http://127.0.0.1:9', token: 'x', maxRetries: 0 });
    const error = await client.getTraining().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(isNetworkError(error)).toBe(true);
  });

  it("rejects with the caller's abort reason", async () => {
    const client = new TrainingClient({ apiBase: server.url, token: await server.tokenFor('northwind') });
    const controller = new AbortController();
    const pending = client.getTraining({ signal: controller.signal });
    controller.abort(new Error('left the page'));
    await expect(pending).rejects.toThrow('left the page');
  });
});

describe('TrainingClient against a newer API that adds fields', () => {
  // The real server behind a proxy that adds a field to every object of every JSON answer.
  let proxy: Server;
  let url: string;
  beforeAll(async () => {
    proxy = createServer((req, res) => {
      void (async () => {
        const upstream = await fetch(`${server.url}${req.url}`, {
          method: req.method,
          headers: { authorization: req.headers.authorization ?? '' },
        });
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? '' });
        res.end(JSON.stringify(withAddedFields(await upstream.json())));
      })();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

  it('reads the answers and drops the fields it does not know', async () => {
    const token = await server.tokenFor('northwind');
    const direct = await new TrainingClient({ apiBase: server.url, token }).getTraining();
    const client = new TrainingClient({ apiBase: url, token });
    expect(await client.getTraining()).toEqual(direct);
    const simulation = await client.simulate({ complete: [direct.recommendations[0]!.moduleId] });
    expect(simulation.before).toEqual(direct.evaluation);
    expect(JSON.stringify(simulation)).not.toContain('addedLater');
  });

  it("reads its problem+json, fields added, as the API's refusal", async () => {
    const client = new TrainingClient({ apiBase: url, token: 'not-a-token' });
    const error = await client.getTraining().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
  });
});

describe('TrainingClient against an API that answers the wrong shape', () => {
  let wrong: Server;
  let url: string;
  beforeAll(async () => {
    wrong = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.endsWith('/launch')) res.end(JSON.stringify({ moduleId: 'm1', url: 'javascript:alert(1)' }));
      else if (req.url?.includes('/certificates/') || req.url === '/sso-page') res.end('<html>Sign in to the corporate proxy</html>');
      else res.end(JSON.stringify({ partner: { id: 'x' }, summary: { modulesCompleted: -1 } }));
    });
    await new Promise<void>((resolve) => wrong.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(wrong.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => wrong.close(() => resolve())));

  it('throws ValidationError naming the bad field', async () => {
    const client = new TrainingClient({ apiBase: url, token: 'x' });
    const error = await client.getTraining().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(isValidationError(error)).toBe(true);
    const paths = (error as ValidationError).issues.map((i) => i.path);
    expect(paths).toContain('summary.modulesCompleted');
    expect((error as ValidationError).message).toMatch(/GET \/v1\/me\/training did not match/);
  });

  it('throws ValidationError, not a SyntaxError, for an answer that is not JSON (a proxy page)', async () => {
    const client = new TrainingClient({ apiBase: url, token: 'x' });
    const error = await client.getCertificate('c1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: '', code: 'invalid_json', message: 'is not JSON' }]);
    expect((error as ValidationError).message).toMatch(/GET \/v1\/me\/certificates\/c1/);
  });

  it('throws ValidationError for a token URL that answers a page instead of a token', async () => {
    const client = new TrainingClient({ apiBase: url, tokenUrl: `${url}/sso-page` });
    const error = await client.getTraining().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/token URL/);
  });

  it('refuses a launch URL that is not http(s), so no widget opens it', async () => {
    const client = new TrainingClient({ apiBase: url, token: 'x' });
    const error = await client.launchModule('m1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toContain('url');
  });
});
