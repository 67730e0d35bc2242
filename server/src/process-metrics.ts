import { monitorEventLoopDelay, type ELDHistogram } from 'node:perf_hooks';

// One monitor per process (every app in it shares the one event loop); its timer does not keep
// the process alive.
let loopDelay: ELDHistogram | undefined;
const RESOLUTION_MS = 10;

/**
 * The process's own figures in Prometheus text, under the names Node services commonly expose:
 * memory, CPU, uptime, and how late the event loop ran since the previous scrape (a loop blocked
 * by a long synchronous task delays every request and stream on the node).
 */
export function processMetricLines(): string[] {
  const loop = eventLoopDelay();
  const { user, system } = process.cpuUsage();
  // Each sample is the time between two ticks of a RESOLUTION_MS timer: the delay is what exceeds it.
  const late = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS) / 1e3;
  const lines = [
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes ${process.memoryUsage.rss()}`,
    '# HELP process_cpu_seconds_total User and system CPU time spent in seconds.',
    '# TYPE process_cpu_seconds_total counter',
    `process_cpu_seconds_total ${(user + system) / 1e6}`,
    '# HELP process_uptime_seconds Seconds since the process started.',
    '# TYPE process_uptime_seconds gauge',
    `process_uptime_seconds ${process.uptime()}`,
    '# HELP nodejs_eventloop_delay_p99_seconds 99th percentile of event loop delay since the previous scrape.',
    '# TYPE nodejs_eventloop_delay_p99_seconds gauge',
    `nodejs_eventloop_delay_p99_seconds ${late(loop.percentile(99))}`,
    '# HELP nodejs_eventloop_delay_max_seconds Longest event loop delay since the previous scrape.',
    '# TYPE nodejs_eventloop_delay_max_seconds gauge',
    `nodejs_eventloop_delay_max_seconds ${late(loop.max)}`,
  ];
  loop.reset();
  return lines;
}

function eventLoopDelay(): ELDHistogram {
  if (!loopDelay) {
    loopDelay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    loopDelay.enable();
  }
  return loopDelay;
}
