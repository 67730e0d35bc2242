// The zod/mini functions that the schemas a browser loads use (everything the SDK validates),
// imported in one place. A bundler that keeps zod external, as the SDK's browser budget does,
// names each module's own `import * as z from 'zod/mini'` differently, so the same calls read
// differently in every module and compress worse; through this list they become the same few
// names (about 120 B less gzip for the SDK's browser entry). Named re-exports rather than
// `export * as z`, through which a bundler that does bundle zod would keep all of it. Schema
// modules no browser loads (api, policy, state, standing) import zod/mini directly, so that this
// list stays what the SDK's bundle imports. A schema here that needs another function: add it.
//
// Answers are `object`s, which drop keys they do not know: a newer server may add a field and an
// older SDK (a script tag cached for a year) still reads the answer. What the server takes in is
// a `strictObject`, so unknown fields in a request are refused (api.ts has the input versions of
// the catalog's shapes).
export {
  array,
  boolean,
  catchall,
  enum,
  gte,
  int,
  literal,
  lte,
  maxLength,
  minLength,
  null,
  nullable,
  number,
  object,
  optional,
  regex,
  strictObject,
  string,
  union,
  url,
} from 'zod/mini';
export type { infer } from 'zod/mini';
