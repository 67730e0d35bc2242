// Fan-out benchmark: our SSE endpoint and, in the same run, the floor (a plain node:http server
// that only writes the same bytes to the same sockets) and a Socket.IO 4 server doing the same
// fan-out (websocket transport, a room per partner). Each server is pinned to CPU 0, the
// subscribers to CPU 1. `npm run bench -- fanout`
//
// Per size: server CPU µs per delivered message (and as a multiple of the floor's at that size)
// and publish→receive p50/p99 at 10 events/s per subscriber (well below saturation), RSS and
// JavaScript heap KB per connection (subscribers send a browser's headers, which the servers may
// keep); then the most SSE connections held (all of them receiving one more event).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { report, type Row } from './lib/report.ts';
import { call } from './lib/fanout/rpc.ts';

const SIZES = (process.env.BENCH_FANOUT_SIZES ?? '1000,5000').split(',').map(Number);
const MAX_CONNS = Number(process.env.BENCH_FANOUT_MAX_CONNS ?? 10_000);
const RATE_PER_S = 10;
const SECONDS = Number(process.env.BENCH_FANOUT_SECONDS ?? 5);

const script = (name: string) => fileURLToPath(new URL(`./lib/fanout/${name}.ts`, import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(name: string, cpu: number): Promise<ChildProcess> {
  const child = spawn('taskset', ['-c', String(cpu), process.execPath, '--expose-gc', script(name)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
}

interface Info {
  url: string;
  tokens: Record<string, string>;
  cursors: Record<string, number>;
}
interface Cpu {
  user: number;
  system: number;
}
interface Memory {
  rss: number;
  heap: number;
}
interface Stats {
  received: number;
  open: number;
  failed: number;
  p50: number;
  p99: number;
}

/** Publishes `rounds` events to every partner at RATE_PER_S; waits until `expected` arrived. */
async function run(server: ChildProcess, clients: ChildProcess, rounds: number, expected: number) {
  await call(clients, { cmd: 'reset' });
  const cpu0 = await call<Cpu>(server, { cmd: 'cpu' });
  const started = performance.now();
  for (let i = 0; i < rounds; i += 1) {
    await call(server, { cmd: 'publish' });
    await sleep(Math.max(0, started + ((i + 1) * 1000) / RATE_PER_S - performance.now()));
  }
  let stats = await call<Stats>(clients, { cmd: 'stats' });
  for (let i = 0; i < 100 && stats.received < expected; i += 1) {
    await sleep(100);
    stats = await call<Stats>(clients, { cmd: 'stats' });
  }
  const cpu1 = await call<Cpu>(server, { cmd: 'cpu' });
  const per = Math.max(1, stats.received);
  return { ...stats, usPerMsg: (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / per, sysUsPerMsg: (cpu1.system - cpu0.system) / per };
}

type Kind = 'sse' | 'floor' | 'sio';
const SERVERS: Record<Kind, { script: string; label: string }> = {
  sse: { script: 'sse-server', label: 'SSE (ours)' },
  floor: { script: 'floor-server', label: 'floor (writes only)' },
  sio: { script: 'sio-server', label: 'Socket.IO 4' },
};

interface Result {
  opened: string;
  delivered: string;
  usPerMsg: number;
  sysUsPerMsg: number;
  rssKbPerConn: number;
  heapKbPerConn: number;
  p50: number;
  p99: number;
}

async function measure(kind: Kind) {
  const server = await start(SERVERS[kind].script, 0);
  const clients = await start('clients', 1);
  // The floor is read with the SSE subscribers: it writes the same stream.
  const transport = kind === 'sio' ? 'sio' : 'sse';
  const results = new Map<number, Result>();
  let held: Row | null = null;
  let maxConns = 0;
  let partners = 0;
  try {
    partners = Object.keys((await call<Info>(server, { cmd: 'info' })).tokens).length;
    const base = await call<Memory>(server, { cmd: 'memory' });
    for (const size of SIZES) {
      const opened = await call<Stats>(clients, {
        cmd: 'connect',
        kind: transport,
        ...(await call<Info>(server, { cmd: 'info' })),
        total: size,
      });
      await sleep(1_000);
      const memory = await call<Memory>(server, { cmd: 'memory' });
      const rssKbPerConn = (memory.rss - base.rss) / size;
      const rounds = RATE_PER_S * SECONDS;
      const r = await run(server, clients, rounds, rounds * size);
      results.set(size, {
        opened: `${opened.open}/${opened.failed}`,
        delivered: `${r.received}/${rounds * size}`,
        usPerMsg: r.usPerMsg,
        sysUsPerMsg: r.sysUsPerMsg,
        rssKbPerConn,
        heapKbPerConn: (memory.heap - base.heap) / size,
        p50: r.p50,
        p99: r.p99,
      });
    }
    if (kind === 'sse' && MAX_CONNS > 0) {
      const opened = await call<Stats>(
        clients,
        { cmd: 'connect', kind: transport, ...(await call<Info>(server, { cmd: 'info' })), total: MAX_CONNS },
        300_000,
      );
      await sleep(2_000);
      const r = await run(server, clients, 1, MAX_CONNS);
      maxConns = opened.failed === 0 ? Math.min(r.open, r.received) : 0;
      held = {
        server: SERVERS[kind].label,
        subscribers: MAX_CONNS,
        partners,
        'open/failed': `${r.open}/${opened.failed}`,
        delivered: `${r.received}/${MAX_CONNS}`,
      };
    }
  } finally {
    await call(clients, { cmd: 'close' }).catch(() => {});
    clients.kill('SIGKILL');
    server.kill('SIGKILL');
  }
  return { kind, partners, results, held, maxConns };
}

// The floor right after ours, so that the two figures of its ratio are the closest in time.
const ours = await measure('sse');
const floor = await measure('floor');
const peer = await measure('sio');
const rows: Row[] = [];
for (const { kind, partners, results } of [ours, floor, peer]) {
  for (const [size, r] of results) {
    rows.push({
      server: SERVERS[kind].label,
      subscribers: size,
      partners,
      'open/failed': r.opened,
      delivered: r.delivered,
      'µs/msg': r.usPerMsg,
      '× floor': r.usPerMsg / floor.results.get(size)!.usPerMsg,
      'of it kernel': r.sysUsPerMsg,
      'RSS KB/conn': r.rssKbPerConn,
      'of it heap': r.heapKbPerConn,
      'p50 ms': r.p50,
      'p99 ms': r.p99,
    });
  }
}
if (ours.held) rows.push(ours.held);
const largest = Math.max(...SIZES);
const smallest = Math.min(...SIZES);
const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const us = ours.results.get(largest)!.usPerMsg;
const floorUs = floor.results.get(largest)!.usPerMsg;
const peerUs = peer.results.get(largest)!.usPerMsg;
report('fanout', rows, {
  us_per_msg: round(us, 3),
  floor_us_per_msg: round(floorUs, 3),
  ratio_vs_floor: round(us / floorUs, 3),
  peer_us_per_msg: round(peerUs, 3),
  ratio: round(us / peerUs, 3),
  rss_kb_per_conn: round(ours.results.get(largest)!.rssKbPerConn, 1),
  p99_ms: round(ours.results.get(smallest)!.p99),
  max_conns: ours.maxConns,
});
