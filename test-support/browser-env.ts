// Browser tests learn where the API server is from a module the wtr config serves.
const url = '/__siso/test-env.js';
const env = (await import(/* @vite-ignore */ url)) as { apiBase: string };

export const apiBase: string = env.apiBase;

/** A widget token for a demo partner, the way a page gets one from its token URL. */
export async function tokenFor(partnerId: string): Promise<string> {
  const res = await fetch(`${apiBase}/demo/widget-token?partnerId=${encodeURIComponent(partnerId)}`);
  if (!res.ok) throw new Error(`token for ${partnerId}: HTTP ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}
