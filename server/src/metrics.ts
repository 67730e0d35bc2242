import { processMetricLines } from './process-metrics.ts';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

const label = (v: string) => v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');

/**
 * Prometheus counters and histograms in memory, rendered as text exposition format. Labels use
 * route patterns, never raw paths, so their number stays bounded.
 *
 * @example
 * metrics.observeRequest('GET', '/v1/me/training', 200, 0.004);
 * metrics.render();
 */
export class Metrics {
  readonly #requests = new Map<string, number>();
  readonly #durations = new Map<string, Histogram>();
  readonly #ingested = new Map<string, number>();
  readonly #read = new Map<string, { type: 'gauge' | 'counter'; help: string; read: () => number }>();

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const key = `method="${label(method)}",route="${label(route)}",status="${status}"`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    const hkey = `method="${label(method)}",route="${label(route)}"`;
    let h = this.#durations.get(hkey);
    if (!h) this.#durations.set(hkey, (h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < BUCKETS.length; i += 1) if (seconds <= BUCKETS[i]!) h.counts[i]! += 1;
    h.sum += seconds;
    h.count += 1;
  }

  observeIngested(source: string, status: string, n: number): void {
    if (n === 0) return;
    const key = `source="${label(source)}",status="${label(status)}"`;
    this.#ingested.set(key, (this.#ingested.get(key) ?? 0) + n);
  }

  /** A value read when scraped, e.g. open connections. */
  gauge(name: string, help: string, read: () => number): void {
    this.#read.set(name, { type: 'gauge', help, read });
  }

  /** A total kept by its owner and read when scraped; it only grows while the process runs. */
  counter(name: string, help: string, read: () => number): void {
    this.#read.set(name, { type: 'counter', help, read });
  }

  render(): string {
    const lines: string[] = [];
    lines.push('# HELP siso_http_requests_total HTTP requests answered.', '# TYPE siso_http_requests_total counter');
    for (const [k, v] of this.#requests) lines.push(`siso_http_requests_total{${k}} ${v}`);
    lines.push('# HELP siso_http_request_duration_seconds Time to answer.', '# TYPE siso_http_request_duration_seconds histogram');
    for (const [k, h] of this.#durations) {
      BUCKETS.forEach((b, i) => lines.push(`siso_http_request_duration_seconds_bucket{${k},le="${b}"} ${h.counts[i]}`));
      lines.push(`siso_http_request_duration_seconds_bucket{${k},le="+Inf"} ${h.count}`);
      lines.push(`siso_http_request_duration_seconds_sum{${k}} ${h.sum}`, `siso_http_request_duration_seconds_count{${k}} ${h.count}`);
    }
    lines.push('# HELP siso_ingested_items_total Ingested items by outcome.', '# TYPE siso_ingested_items_total counter');
    for (const [k, v] of this.#ingested) lines.push(`siso_ingested_items_total{${k}} ${v}`);
    for (const [name, m] of this.#read) lines.push(`# HELP ${name} ${m.help}`, `# TYPE ${name} ${m.type}`, `${name} ${m.read()}`);
    lines.push(...processMetricLines());
    return `${lines.join('\n')}\n`;
  }
}
