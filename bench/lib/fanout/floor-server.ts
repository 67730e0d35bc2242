// Fan-out benchmark, the floor: a plain node:http server that does nothing but write the bytes our
// SSE endpoint writes (the same encoder, the same head) to the same sockets: no authentication, no
// bus, no subscriber bookkeeping, no back-pressure check. What it costs per message is what any
// server pays for one write per message on this machine; ours is measured against it.
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TrainingEvent } from '@siso/training-core';
import { encodeEvents, STREAM_HEADERS } from '../../../server/src/events/sse-writer.ts';
import { cpuUs, memoryKb, publishToEach, serve } from './rpc.ts';

const partnerCount = Number(process.env.PARTNERS ?? 10);
const ids = Array.from({ length: partnerCount }, (_, i) => `bench-${i}`);
const groups = new Map(ids.map((id) => [id, new Set<Socket>()]));
const head = `HTTP/1.1 200 OK\r\n${Object.entries(STREAM_HEADERS)
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('')}\r\nretry: 3000\n\n`;

// The token is the partner id: a lookup, where our server verifies a signed token.
const http = createServer((req, res) => {
  const group = groups.get(req.headers.authorization?.slice('Bearer '.length) ?? '');
  if (req.url !== '/v1/me/events' || !group) {
    res.writeHead(404).end();
    return;
  }
  const socket = req.socket;
  socket.write(head);
  group.add(socket);
  socket.on('close', () => group.delete(socket));
});
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
const seqs = new Map(ids.map((id) => [id, 0]));
const pad = 'x'.repeat(Number(process.env.PAYLOAD_BYTES ?? 200));

serve(({ cmd }) => {
  if (cmd === 'info') return { url, tokens: Object.fromEntries(ids.map((id) => [id, id])), cursors: Object.fromEntries(seqs) };
  if (cmd === 'cpu') return cpuUs();
  if (cmd === 'memory') return memoryKb();
  if (cmd === 'publish') {
    publishToEach(ids, seqs, pad, (id, fields) => {
      // The message our server writes for the same event: one buffer per partner, one write per socket.
      const bytes = encodeEvents([{ ...fields, type: 'progress.updated' } as unknown as TrainingEvent]);
      for (const socket of groups.get(id)!) socket.write(bytes);
    });
    return null;
  }
  throw new Error(`unknown command ${String(cmd)}`);
});
process.send!({ ready: true });
