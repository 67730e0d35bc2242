import pg from 'pg';
import { LocalEventBus, type LocalEventBusOptions } from './bus.ts';
import { EVENTS_CHANNEL_PREFIX } from './log.ts';

export interface PgEventBusOptions extends LocalEventBusOptions {
  /** The PostgreSQL every node shares. */
  url: string;
  /** Schema the tables live in (it names the channel); default: the server's search_path. */
  schemaName?: string | undefined;
  /** How often the listener connection is probed; a probe that fails or hangs reconnects. */
  healthCheckMs?: number;
  /** Reconnect back-off: first and longest wait, with jitter. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

/**
 * Fan-out across nodes: `appendEvents` queues a NOTIFY carrying only `(seq, partner)` that
 * PostgreSQL delivers on commit; each node holds one dedicated LISTEN connection and, for a
 * partner it has listeners for, reads the new rows from the log once. A lost connection is
 * reopened with back-off, and every followed partner is caught up from the log after each
 * (re)connect, since notifications sent while nobody listened are gone.
 *
 * @example
 * const bus = await PgEventBus.start({ db, logger, url: process.env.DATABASE_URL! });
 */
export class PgEventBus extends LocalEventBus {
  readonly #options: PgEventBusOptions;
  #client: pg.Client | undefined;
  #probe: NodeJS.Timeout | undefined;
  #reconnect: NodeJS.Timeout | undefined;
  #failures = 0;
  #reconnects = 0;
  #closed = false;

  private constructor(options: PgEventBusOptions) {
    super(options);
    this.#options = options;
  }

  /** Resolves once the node listens, so nothing committed after start-up goes unheard. */
  static async start(options: PgEventBusOptions): Promise<PgEventBus> {
    const bus = new PgEventBus(options);
    await bus.#connect();
    return bus;
  }

  /** Whether the listener connection is up. */
  override get listening(): boolean {
    return this.#client !== undefined;
  }

  /** Listener connections reopened after one was lost. */
  override get reconnects(): number {
    return this.#reconnects;
  }

  override async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#reconnect);
    clearInterval(this.#probe);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
    await super.close();
  }

  async #connect(): Promise<void> {
    const { url, schemaName, healthCheckMs = 10_000 } = this.#options;
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: 5_000,
      query_timeout: Math.max(1_000, Math.min(5_000, healthCheckMs)),
      keepAlive: true,
      // Names the connection in pg_stat_activity, so an operator can tell it from the pool.
      application_name: `siso-events:${schemaName ?? 'default'}`,
      ...(schemaName ? { options: `-c search_path=${schemaName}` } : {}),
    });
    const lost = (error?: unknown) => this.#lost(client, error);
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', ({ payload }) => {
      const space = payload?.indexOf(' ') ?? -1;
      if (space > 0) this.notify(payload!.slice(space + 1), Number(payload!.slice(0, space)));
    });
    try {
      await client.connect();
      const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
      const channel = `${EVENTS_CHANNEL_PREFIX}${rows[0]?.schema ?? 'public'}`;
      await client.query(`listen "${channel.replaceAll('"', '""')}"`);
    } catch (error) {
      client.removeAllListeners();
      client.on('error', () => {});
      await client.end().catch(() => {});
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    if (this.#failures > 0) this.#reconnects += 1;
    this.#client = client;
    this.#failures = 0;
    this.#probe = setInterval(() => {
      client.query('select 1').catch(lost);
    }, healthCheckMs);
    this.#probe.unref();
    this.catchUpAll();
  }

  #lost(client: pg.Client, error: unknown): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    clearInterval(this.#probe);
    client.removeAllListeners();
    client.on('error', () => {});
    void client.end().catch(() => {});
    if (this.#closed) return;
    this.#options.logger.warn({ err: error }, 'event listener connection lost; reconnecting');
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const { reconnectMinMs = 100, reconnectMaxMs = 5_000 } = this.#options;
    const wait = Math.min(reconnectMaxMs, reconnectMinMs * 2 ** this.#failures) * (0.5 + Math.random() / 2);
    this.#failures += 1;
    this.#reconnect = setTimeout(() => {
      this.#connect().catch((error: unknown) => {
        if (this.#closed) return;
        this.#options.logger.warn({ err: error }, 'event listener reconnect failed');
        this.#scheduleReconnect();
      });
    }, wait);
    this.#reconnect.unref();
  }
}
