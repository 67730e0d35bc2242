import { TrainingClient, type TokenOptions } from '@siso/training-sdk';

export interface ClientConfig {
  apiBase: string;
  token?: string | undefined;
  tokenUrl?: string | undefined;
  tokenProvider?: ((signal?: AbortSignal) => Promise<string | { token: string; expiresAt?: string | Date }>) | undefined;
}

// Elements configured alike share one client (and so one token, one snapshot, one stream).
// A tokenProvider function is keyed by identity. Only the most recently used configurations are
// kept, so a page that keeps replacing its token does not keep every client it ever had; an element
// holds on to its own client, so dropping one from here only stops new elements from reusing it.
const MAX_CLIENTS = 16;
const clients = new Map<string, TrainingClient>();
const providerIds = new WeakMap<object, number>();
let nextProviderId = 1;

function keyOf(config: ClientConfig): string | undefined {
  if (config.tokenProvider) {
    let id = providerIds.get(config.tokenProvider);
    if (id === undefined) providerIds.set(config.tokenProvider, (id = nextProviderId++));
    return `${config.apiBase}\u0000provider\u0000${id}`;
  }
  if (config.token) return `${config.apiBase}\u0000token\u0000${config.token}`;
  if (config.tokenUrl) return `${config.apiBase}\u0000url\u0000${config.tokenUrl}`;
  return undefined;
}

/** The page-wide client for this configuration, or `undefined` when no credential is set yet. */
export function sharedClient(config: ClientConfig): TrainingClient | undefined {
  const key = keyOf(config);
  if (key === undefined) return undefined;
  let client = clients.get(key);
  // Map order is insertion order: re-inserting marks this configuration as used last.
  clients.delete(key);
  if (!client) {
    const tokenOptions: TokenOptions = config.tokenProvider
      ? { tokenProvider: config.tokenProvider }
      : config.token
        ? { token: config.token }
        : { tokenUrl: config.tokenUrl! };
    client = new TrainingClient({ apiBase: config.apiBase, ...tokenOptions });
  }
  clients.set(key, client);
  if (clients.size > MAX_CLIENTS) clients.delete(clients.keys().next().value!);
  return client;
}
