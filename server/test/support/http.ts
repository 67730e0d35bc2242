// A small fetch wrapper for route tests: JSON in, status + headers + parsed body out.
export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string | undefined;
  body?: unknown;
  /** Sent as is instead of JSON.stringify(body). */
  raw?: string;
  headers?: Record<string, string>;
}

export function http(baseUrl: string) {
  return async function request<T = any>(
    method: string,
    path: string,
    { token, body, raw, headers = {} }: RequestOptions = {},
  ): Promise<Reply<T>> {
    const text = raw ?? (body === undefined ? undefined : JSON.stringify(body));
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(text === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(text === undefined ? {} : { body: text }),
    });
    const type = res.headers.get('content-type') ?? '';
    const payload = type.includes('json') ? await res.json() : await res.text();
    return { status: res.status, headers: res.headers, body: payload as T };
  };
}
