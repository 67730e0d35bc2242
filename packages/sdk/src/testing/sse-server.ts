// A small node:http server that speaks the protocol of GET /v1/me/events, scripted per test, so
// that reconnects, drops, silences and refusals can be produced on purpose.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SseConnection {
  /** The request's headers (authorization, last-event-id, …). */
  readonly headers: IncomingMessage['headers'];
  /** Answers with a problem+json refusal. */
  refuse(status: number, headers?: Record<string, string>): void;
  /** Opens the stream (200, text/event-stream). */
  /** Answers 200 `text/event-stream`; `first` goes out with the head, in one write (default a comment). */
  open(first?: string): void;
  send(event: string, data: unknown, id?: number): void;
  comment(text?: string): void;
  retry(ms: number): void;
  /** Ends the stream cleanly. */
  end(): void;
  /** Resets the socket, as a dropped network would. */
  drop(): void;
  /** Resolves once the connection is over, whichever side ended it. */
  readonly closed: Promise<void>;
}

export interface SseServer {
  url: string;
  /** Every connection so far, oldest first. */
  connections: SseConnection[];
  close(): Promise<void>;
}

export async function startSseServer(script: (connection: SseConnection, index: number) => void): Promise<SseServer> {
  const connections: SseConnection[] = [];
  const server = createServer((req, res) => {
    const write = (text: string) => res.write(text);
    const connection: SseConnection = {
      headers: req.headers,
      refuse(status, headers = {}) {
        res.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
        res.end(JSON.stringify({ type: `https://errors.test/${status}`, title: `Refused ${status}`, status, detail: 'scripted' }));
      },
      open(first = ': open\n\n') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
        // As the API does (its `retry:`, or a whole outage answer), the first bytes go with the
        // head: a client is live once it has read them and they did not end the stream.
        res.write(first);
      },
      send(event, data, id) {
        write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      },
      comment: (text = 'ping') => write(`: ${text}\n\n`),
      retry: (ms) => write(`retry: ${ms}\n\n`),
      end: () => res.end(),
      drop: () => res.socket?.destroy(),
      closed: new Promise<void>((resolve) => res.once('close', () => resolve())),
    };
    connections.push(connection);
    script(connection, connections.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
