// The script-tag files as a browser on another origin gets them: over real HTTP from a directory
// laid out as the build leaves packages/elements/dist (a file, its .br and .gz, a source map).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync, brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementAssets } from '../src/routes/element-assets.ts';

const script = `export const widget = '${'siso '.repeat(2_000)}';\n`;
const map = JSON.stringify({ version: 3, sources: ['a.ts'], mappings: 'AAAA'.repeat(1_000) });
let dir: string;
let server: ServerType;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'siso-assets-'));
  writeFileSync(join(dir, 'siso-training.js'), script);
  writeFileSync(join(dir, 'siso-training.js.br'), brotliCompressSync(script));
  writeFileSync(join(dir, 'siso-training.js.gz'), gzipSync(script));
  writeFileSync(join(dir, 'siso-training.js.map'), map);
  const app = new Hono().route('/assets/v0', elementAssets({ root: dir, prefix: '/assets/v0', maxAgeSeconds: 120 }));
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/assets/v0`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** `fetch` would decode the body and send its own Accept-Encoding: this sends exactly `headers`. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ res: { status: number; headers: Headers }; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    request(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const list = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') list.set(name, value);
        resolve({ res: { status: res.statusCode!, headers: list }, bytes: Buffer.concat(chunks) });
      });
    })
      .on('error', reject)
      .end();
  });
}

describe('element assets', () => {
  it('sends the brotli copy to a browser that takes it, with CORS, caching and a strong ETag', async () => {
    const { res, bytes } = await get('/siso-training.js', {
      'accept-encoding': 'gzip, deflate, br, zstd',
      origin: 'https://cms.example.org',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(bytes).toString()).toBe(script);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=120, stale-while-revalidate=86400');
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{40}"$/);
  });

  it('answers a revalidation with 304 and no body, keeping the headers a cache updates', async () => {
    const first = await get('/siso-training.js', { 'accept-encoding': 'br' });
    const etag = first.res.headers.get('etag')!;
    const again = await get('/siso-training.js', { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.res.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    expect(again.res.headers.get('etag')).toBe(etag);
    expect(again.res.headers.get('access-control-allow-origin')).toBe('*');
    expect(again.res.headers.get('cache-control')).toMatch(/max-age=120/);
    // A copy from before a release is sent in full.
    expect((await get('/siso-training.js', { 'accept-encoding': 'br', 'if-none-match': '"0000"' })).res.status).toBe(200);
  });

  it('sends gzip or the plain file to clients without brotli, each with its own ETag', async () => {
    const gzip = await get('/siso-training.js', { 'accept-encoding': 'gzip' });
    expect(gzip.res.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(gzip.bytes).toString()).toBe(script);
    const plain = await get('/siso-training.js');
    expect(plain.res.headers.get('content-encoding')).toBeNull();
    expect(plain.bytes.toString()).toBe(script);
    expect(plain.res.headers.get('vary')).toMatch(/accept-encoding/i);
    const tags = new Set([gzip, plain, await get('/siso-training.js', { 'accept-encoding': 'br' })].map((r) => r.res.headers.get('etag')));
    expect(tags.size).toBe(3);
  });

  it('compresses a file that has no compressed copy as it sends it, with a weak ETag', async () => {
    const { res, bytes } = await get('/siso-training.js.map', { 'accept-encoding': 'gzip' });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(bytes).toString()).toBe(map);
    expect(res.headers.get('etag')).toMatch(/^W\//);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const again = await get('/siso-training.js.map', { 'accept-encoding': 'gzip', 'if-none-match': res.headers.get('etag')! });
    expect(again.res.status).toBe(304);
    expect(again.res.headers.get('content-encoding')).toBeNull();
  });

  it('serves nothing outside its directory and nothing it does not have', async () => {
    for (const path of ['/missing.js', '/%2e%2e/%2e%2e/etc/passwd', '/..%2Fsecret', '/']) {
      expect((await get(path)).res.status, path).toBe(404);
    }
  });
});
