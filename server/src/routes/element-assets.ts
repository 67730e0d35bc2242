import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { etag, RETAINED_304_HEADERS } from 'hono/etag';

export interface ElementAssetsOptions {
  /** The directory served: packages/elements/dist. */
  root: string;
  /** Where it is mounted, e.g. `/assets/v0`. */
  prefix: string;
  /**
   * How long a browser uses its copy without asking. The URL names only the major version, so a
   * new release within it reaches pages once this has passed.
   */
  maxAgeSeconds?: number;
}

const ALLOW_ANY_ORIGIN = 'access-control-allow-origin';

/**
 * The script-tag build of the elements, for pages on any origin. A `<script type="module">` is
 * fetched in CORS mode, so without `Access-Control-Allow-Origin` a CMS on another origin could not
 * load it; the files are public code, so any origin may (the API itself still answers only
 * `CORS_ORIGINS`). Every page view of every portal asks for this file: the build writes brotli and
 * gzip copies beside it (sent as they are, no compression per request), answers carry a strong
 * ETag of the bytes sent, and a browser revalidates after `maxAgeSeconds` with a 304 instead of
 * downloading it again. Files without a compressed copy (source maps) are compressed as sent.
 *
 * @example
 * app.route('/assets/v0', elementAssets({ root: 'packages/elements/dist', prefix: '/assets/v0' }));
 */
export function elementAssets({ root, prefix, maxAgeSeconds = 600 }: ElementAssetsOptions) {
  // A day of stale use while the browser revalidates in the background: a page never waits for it.
  const cacheControl = `public, max-age=${maxAgeSeconds}, stale-while-revalidate=86400`;
  return new Hono().use(
    // Outermost, so that a compressed answer's ETag is made weak and a 304 is never compressed.
    compress(),
    etag({ retainedHeaders: [...RETAINED_304_HEADERS, ALLOW_ANY_ORIGIN] }),
    serveStatic({
      root,
      precompressed: true,
      rewriteRequestPath: (path) => path.slice(prefix.length),
      onFound: (_path, c) => {
        c.header('cache-control', cacheControl);
        c.header(ALLOW_ANY_ORIGIN, '*');
        // Also on the uncompressed answer, so that no shared cache hands it to every client.
        if (!c.res.headers.get('vary')) c.header('vary', 'accept-encoding');
      },
    }),
  );
}
