import * as z from 'zod/mini';

// The SDK's own schemas: what the API answers comes from core (its answers module, which a
// bundler takes without core's server-side schemas). All of them here: one `import * as z` for a
// bundler to name.

/** What a `tokenUrl` answers; a portal's endpoint may add fields, and `expiresAt` is optional. */
export const TokenResponseSchema = z.object({ token: z.string().check(z.minLength(1)), expiresAt: z.optional(z.string()) });
