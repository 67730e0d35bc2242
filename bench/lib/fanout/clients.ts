// Fan-out benchmark, the subscribers: many SSE or Socket.IO connections in one process (pinned
// to the other core), counting messages and their publish→receive latency.
import { request, type ClientRequest } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { serve } from './rpc.ts';

let latencies: number[] = [];
let received = 0;
let open = 0;
let failed = 0;
const requests: ClientRequest[] = [];
const sockets: Socket[] = [];

// What a browser sends besides the token (Chromium's fetch from a portal page, about 700 B), so
// that memory per connection counts what a server holds of a real request, on both servers.
const BROWSER_HEADERS = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
  accept: 'text/event-stream',
  'accept-language': 'de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7',
  'accept-encoding': 'gzip, deflate, br, zstd',
  origin: 'https://portal.example.com',
  referer: 'https://portal.example.com/training/overview',
  'sec-ch-ua': '"Chromium";v="142", "Google Chrome";v="142", "Not_A Brand";v="99"',
  'sec-ch-ua-mobile': '?0',
  'sec-ch-ua-platform': '"Linux"',
  'sec-fetch-site': 'cross-site',
  'sec-fetch-mode': 'cors',
  'sec-fetch-dest': 'empty',
  priority: 'u=1, i',
};

const now = () => performance.timeOrigin + performance.now();
function record(t: number): void {
  received += 1;
  latencies.push(now() - t);
}

function openSse(url: string, token: string, cursor: number): Promise<void> {
  return new Promise((resolve) => {
    const req = request(
      `${url}/v1/me/events`,
      { agent: false, headers: { ...BROWSER_HEADERS, authorization: `Bearer ${token}`, 'last-event-id': String(cursor) } },
      (res) => {
        if (res.statusCode !== 200) {
          failed += 1;
          res.resume();
          return resolve();
        }
        open += 1;
        let rest = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          rest += chunk;
          let end: number;
          while ((end = rest.indexOf('\n\n')) >= 0) {
            const message = rest.slice(0, end);
            rest = rest.slice(end + 2);
            const at = message.indexOf('\ndata: ');
            if (at >= 0) record((JSON.parse(message.slice(at + 7)) as { t: number }).t);
          }
        });
        res.on('close', () => (open -= 1));
        resolve();
      },
    );
    req.on('error', () => {
      failed += 1;
      resolve();
    });
    req.end();
    requests.push(req);
  });
}

function openSio(url: string, partner: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = io(url, {
      transports: ['websocket'],
      query: { partner },
      forceNew: true,
      reconnection: false,
      extraHeaders: BROWSER_HEADERS,
      timeout: 30_000,
    });
    socket.on('connect', () => {
      open += 1;
      resolve();
    });
    socket.on('connect_error', () => {
      failed += 1;
      resolve();
    });
    socket.on('disconnect', () => (open -= 1));
    socket.on('progress.updated', (m: { data: { t: number } }) => record(m.data.t));
    sockets.push(socket);
  });
}

interface Connect {
  kind: 'sse' | 'sio';
  url: string;
  tokens: Record<string, string>;
  cursors: Record<string, number>;
  total: number;
}

serve(async (message) => {
  switch (message.cmd) {
    case 'connect': {
      const { kind, url, tokens, cursors, total } = message as unknown as Connect;
      const partners = Object.keys(tokens);
      const started = requests.length + sockets.length;
      // A bounded number of handshakes in flight, so the server is not flooded with SYNs.
      let next = started;
      const worker = async () => {
        while (next < total) {
          const i = (next += 1) - 1;
          const partner = partners[i % partners.length]!;
          await (kind === 'sse' ? openSse(url, tokens[partner]!, cursors[partner]!) : openSio(url, partner));
        }
      };
      await Promise.all(Array.from({ length: 50 }, worker));
      return { open, failed };
    }
    case 'reset':
      latencies = [];
      received = 0;
      return null;
    case 'stats': {
      const sorted = Float64Array.from(latencies).sort();
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
      return { received, open, failed, p50: at(0.5), p99: at(0.99) };
    }
    case 'close':
      for (const r of requests) r.destroy();
      for (const s of sockets) s.disconnect();
      return null;
  }
  throw new Error(`unknown command ${String(message.cmd)}`);
});
process.send!({ ready: true });
