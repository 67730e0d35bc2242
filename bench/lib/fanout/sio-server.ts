// Fan-out benchmark, the peer: a Socket.IO 4 server doing the same fan-out (websocket transport,
// one room per partner, the same payload).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { cpuUs, memoryKb, publishToEach, serve } from './rpc.ts';

const partnerCount = Number(process.env.PARTNERS ?? 10);
const ids = Array.from({ length: partnerCount }, (_, i) => `bench-${i}`);
const http = createServer();
const io = new Server(http, { transports: ['websocket'], serveClient: false });
io.on('connection', (socket) => {
  const partner = socket.handshake.query.partner;
  if (typeof partner === 'string') void socket.join(partner);
});
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
const seqs = new Map(ids.map((id) => [id, 0]));
const pad = 'x'.repeat(Number(process.env.PAYLOAD_BYTES ?? 200));

serve(({ cmd }) => {
  if (cmd === 'info') return { url, tokens: Object.fromEntries(ids.map((id) => [id, ''])), cursors: Object.fromEntries(seqs) };
  if (cmd === 'cpu') return cpuUs();
  if (cmd === 'memory') return memoryKb();
  if (cmd === 'publish') {
    // The same fields as the SSE message: seq, the commit time and the payload.
    publishToEach(ids, seqs, pad, (id, fields) => io.to(id).emit('progress.updated', fields));
    return null;
  }
  throw new Error(`unknown command ${String(cmd)}`);
});
process.send!({ ready: true });
