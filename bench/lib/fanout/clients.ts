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

const now = () => performance.timeOrigin + performance.now();
function record(t: number): void {
  received += 1;
  latencies.push(now() - t);
}

function openSse(url: string, token: string, cursor: number): Promise<void> {
  return new Promise((resolve) => {
    const req = request(`${url}/v1/me/events`, { agent: false, headers: { authorization: `Bearer ${token}`, 'last-event-id': String(cursor) } }, (res) => {
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
    });
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
    const socket = io(url, { transports: ['websocket'], query: { partner }, forceNew: true, reconnection: false, timeout: 30_000 });
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
