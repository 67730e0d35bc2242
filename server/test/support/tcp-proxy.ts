// A TCP proxy a test controls, to take something away from the server (its database) or from a
// client (its connection to the server) and give it back on the same port.
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { TEST_DATABASE_URL } from './test-server.ts';

export interface TcpProxyTarget {
  host: string;
  port: number;
}

/**
 * @example
 * const database = new TcpProxy({ host: '127.0.0.1', port: 5432 });
 * await database.start(); // point the server at 127.0.0.1:database.port
 * await database.stop(); // the database is unreachable: connections reset, new ones refused
 * await database.start(); // back, on the same port
 */
export class TcpProxy {
  readonly #target: TcpProxyTarget;
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  /** The port it listens on: chosen at the first start, kept by later ones. */
  port = 0;

  constructor(target: TcpProxyTarget) {
    this.#target = target;
  }

  /** Listens (again); a no-op while it listens. */
  async start(): Promise<void> {
    if (this.#server) return;
    this.#server = createServer((client) => {
      const upstream = connect(this.#target.port, this.#target.host);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => this.#sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.#server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.#server.address() as AddressInfo).port;
  }

  /** Resets every connection through it, as a network failure would; new ones still get through. */
  drop(): void {
    for (const s of this.#sockets) s.destroy();
  }

  /** Resets every connection and refuses new ones until `start()`. */
  async stop(): Promise<void> {
    this.drop();
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A proxy in front of the test database (`TEST_DATABASE_URL`). */
export class DatabaseProxy extends TcpProxy {
  readonly #url: URL;

  constructor(url = TEST_DATABASE_URL) {
    const parsed = new URL(url);
    super({ host: parsed.hostname, port: Number(parsed.port || 5432) });
    this.#url = parsed;
  }

  /** The database's URL through the proxy, once it has started. */
  get url(): string {
    const url = new URL(this.#url);
    url.host = `127.0.0.1:${this.port}`;
    return url.toString();
  }
}
