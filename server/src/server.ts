import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import { createApp } from './app.ts';
import { answerClientError } from './http/client-error.ts';
import type { Config } from './config.ts';
import { StartupError } from './startup-error.ts';
import type { Database } from './db/database.ts';
import { openDatabase, type OpenDatabaseOptions } from './db/open.ts';
import { seedCatalog, seedDemoPartners } from './db/seed.ts';
import { DEMO_PARTNERS } from './demo/partners.ts';
import { DemoRuntime } from './demo/runtime.ts';
import { LocalEventBus, type EventBus } from './events/bus.ts';
import { PgEventBus } from './events/pg-bus.ts';
import { startRetention } from './events/retention.ts';
import { Subscribers } from './events/subscribers.ts';
import { join } from 'node:path';
import { replaceServiceKey } from './auth/service-keys.ts';
import { reevaluatePartners, type EvaluationRun } from './training/reevaluate.ts';
import { programStore } from './training/program.ts';
import { loadSnapshot } from './training/snapshot.ts';
import { ProgramChangeRunner } from './training/program-change-runner.ts';
import { runningProgramChange } from './training/program-change.ts';
import { startSweep, sweepOnce } from './training/sweep.ts';
import type { WriteContext } from './training/write.ts';
import { systemClock, type Clock } from './time/clock.ts';
import { CertificateIssuer } from './certificates/issuer.ts';
import { openCertificateSigner } from './certificates/keys.ts';

/** What answers a request: the app's `fetch`, as `serve` takes it. */
type FetchCallback = Parameters<typeof serve>[0]['fetch'];

export interface StartServerOptions {
  config: Config;
  logger?: Logger;
  /** Overrides for tests: an in-memory PGlite, a PostgreSQL schema of their own. */
  database?: Pick<OpenDatabaseOptions, 'dataDir' | 'schemaName'>;
  /** What time it is; default the machine's clock. Tests pass one they move. */
  clock?: Clock;
  /** Aborts start-up between its steps; what was opened is closed and the promise rejects with the reason. */
  signal?: AbortSignal;
}

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  database: Database;
  /** Live fan-out: publish committed events here (after commit). */
  bus: EventBus;
  /**
   * Demo mode only: a training-system key and ingestion signing secret for the demo training
   * system that feeds this server (created afresh at every start).
   */
  demo: { trainingKey: string; signingSecret: string; portalKey: string } | undefined;
  /** The clock the server reads. */
  clock: Clock;
  /**
   * Does what the passing of time does on its own, at once: ends the event streams whose token
   * has expired by the clock, then re-evaluates the partners whose next check is due (certificates
   * ending or nearing their end, grace periods running out) and streams what changed, as the
   * timer does every `SWEEP_INTERVAL_SECONDS`. What a test calls after moving its clock.
   */
  sweep(): Promise<EvaluationRun>;
  /**
   * Takes over a program change whose node died (its lease ran out by the clock) and finishes it,
   * as the timer does every `PROGRAM_CHANGE_CHECK_SECONDS`: what a test calls after moving its clock.
   */
  resumeProgramChanges(): Promise<void>;
  /**
   * Stops listening, ends the event streams, lets requests under way finish (for up to
   * `SHUTDOWN_GRACE_SECONDS`), then closes the bus and the database.
   */
  close(): Promise<void>;
}

/**
 * Takes the port, opens the database, migrates and seeds it, and serves the app until `close()`.
 * If any step fails (or `signal` aborts start-up), whatever the earlier steps opened is closed
 * before the promise rejects: no port, database, data-directory lock, connection or timer is
 * left behind, so the process can end or try again.
 *
 * @example
 * const server = await startServer({ config: loadConfig({ PORT: '0' }) });
 * await fetch(`${server.url}/healthz`);
 * await server.close();
 */
export async function startServer({
  config,
  logger = pino({ level: config.logLevel }),
  database: overrides,
  clock = systemClock,
  signal,
}: StartServerOptions): Promise<RunningServer> {
  // What start-up has opened so far, closed when a later step fails: the port first, so that no
  // request starts on what closes next, then the rest newest first.
  let stopListening: (() => Promise<void>) | undefined;
  const opened: (() => unknown)[] = [];
  /** Between steps: a start-up aborted (Ctrl-C while the database opens) takes the failure path. */
  const checkpoint = () => signal?.throwIfAborted();
  try {
    checkpoint();
    // The port first: a port in use or a HOST that is no address here ends start-up at once,
    // before the database is opened (creating an embedded one takes seconds). A request that
    // arrives meanwhile waits for the app.
    let serveApp!: (fetch: FetchCallback) => void;
    const appReady = new Promise<FetchCallback>((resolve) => (serveApp = resolve));
    let handle: FetchCallback = async (request, env) => (await appReady)(request, env);
    const server = await listen(config, (request, env) => handle(request, env));
    const closeServer = (graceMs = 0) =>
      new Promise<void>((resolve) => {
        if (!('closeAllConnections' in server)) return server.close(() => resolve());
        // Stops listening; requests under way get their answers (an ingestion batch committed and
        // not answered would be sent again), idle keep-alive connections close as they fall idle,
        // and whatever is still open when the grace period ends is cut.
        const idle = setInterval(() => server.closeIdleConnections(), 100);
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearInterval(idle);
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      });
    stopListening = () => closeServer();
    checkpoint();
    // Node's 5 s default is below every common load balancer's idle timeout (see Config).
    if ('keepAliveTimeout' in server) server.keepAliveTimeout = config.keepAliveTimeoutSeconds * 1000;
    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const listeningAt = `http://${config.host === '127.0.0.1' || config.host === '0.0.0.0' ? 'localhost' : host}:${port}`;
    const publicUrl = () => config.publicUrl ?? listeningAt;

    const database = await openDatabase({
      url: config.databaseUrl,
      dataDir: overrides?.dataDir ?? join(config.dataDir, 'pglite'),
      schemaName: overrides?.schemaName ?? config.databaseSchema,
      poolSize: config.databasePoolSize,
    });
    opened.push(() => database.close());
    checkpoint();
    await seedCatalog(database.db);
    checkpoint();
    const bus: EventBus = config.databaseUrl
      ? await PgEventBus.start({
          db: database.db,
          logger,
          url: config.databaseUrl,
          schemaName: overrides?.schemaName ?? config.databaseSchema,
        })
      : new LocalEventBus({ db: database.db, logger });
    opened.push(() => bus.close());
    checkpoint();
    const subscribers = new Subscribers({ bus, clock, heartbeatMs: config.events.heartbeatMs });
    opened.push(() => subscribers.close());
    const signer = await openCertificateSigner({ db: database.db, configured: config.certificateSigningKey });
    checkpoint();
    const certificates = new CertificateIssuer({ signer, issuerName: config.certificateIssuerName });
    const ctx: WriteContext = { db: database.db, bus, publicUrl, certificates, clock };
    const programChanges = new ProgramChangeRunner({
      ctx,
      logger,
      batchSize: config.programChangeBatchSize,
      leaseMs: config.programChangeLeaseSeconds * 1000,
      checkIntervalMs: config.programChangeCheckSeconds * 1000,
    });
    opened.push(() => programChanges.close());
    let demo: RunningServer['demo'];
    let demoRuntime: DemoRuntime | undefined;
    if (config.demo) {
      const { key } = await replaceServiceKey(database.db, { role: 'training', label: 'demo training system' });
      const { key: portalKey } = await replaceServiceKey(database.db, { role: 'portal', label: 'demo portal backend' });
      checkpoint();
      demo = { trainingKey: key, signingSecret: config.ingestSigningSecrets[0]!, portalKey };
      demoRuntime = new DemoRuntime({
        ...demo,
        partnerIds: DEMO_PARTNERS.map((d) => d.partner.id),
        intervalMs: config.demoTrainingIntervalMs,
        read: (partnerId) => loadSnapshot(database.db, partnerId, { publicUrl: publicUrl(), now: clock.now() }),
        clock,
        logger,
      });
    }
    const app = createApp({
      config,
      database,
      logger,
      bus,
      subscribers,
      certificates,
      publicUrl,
      demo: demoRuntime,
      clock,
      programChanges,
    });
    handle = app.fetch;
    serveApp(app.fetch);
    // Demo partners (their certificates are issued as their training replays), then partners
    // never evaluated or evaluated under an older policy, whose certificates already earned are
    // issued; while a program change runs, those are its own to re-evaluate. After listening,
    // because certificates carry the server's public URL.
    if (config.demo) await seedDemoPartners(ctx, DEMO_PARTNERS);
    checkpoint();
    if (!(await runningProgramChange(database.db))) {
      await reevaluatePartners(ctx, {
        which: 'stale',
        batchSize: config.reevaluationBatchSize,
        program: await programStore(database.db).current(),
      });
    }
    checkpoint();

    // Background jobs start once the node is up, so no failure path above has any to stop.
    const stopRetention = startRetention({
      db: database.db,
      logger,
      clock,
      policy: { maxAgeDays: config.events.retentionDays, maxEvents: config.events.retentionEvents },
    });
    const stopSweep = startSweep({ ctx, logger, intervalMs: config.sweepIntervalSeconds * 1000, batchSize: config.reevaluationBatchSize });
    // A change whose node died before this one started is taken over now, in the background.
    programChanges.start();
    void programChanges.resume();
    // The demo's portal backend and training system call the API over HTTP, as outsiders do.
    demoRuntime?.start(`http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '[::1]' : host}:${port}`);

    return {
      url: `http://${host}:${port}`,
      port,
      database,
      bus,
      demo,
      clock,
      sweep: () => {
        subscribers.expireDue();
        return sweepOnce(ctx, config.reevaluationBatchSize);
      },
      resumeProgramChanges: () => programChanges.resume(),
      async close() {
        demoRuntime?.stop();
        stopSweep();
        stopRetention();
        await programChanges.close();
        // Streams end first: their clients reconnect, to another node once this one stops listening.
        subscribers.close();
        await closeServer(config.shutdownGraceSeconds * 1000);
        await bus.close();
        await database.close();
      },
    };
  } catch (error) {
    for (const close of [stopListening ?? (() => {}), ...opened.reverse()]) {
      try {
        await close();
      } catch (closeError) {
        logger.warn({ err: closeError }, 'start-up failed, and closing what it had opened failed too');
      }
    }
    throw error;
  }
}

/** Listens on the configured host and port; a refusal becomes one line for the operator. */
async function listen(config: Config, fetch: FetchCallback): Promise<ServerType> {
  try {
    return await new Promise<ServerType>((resolve, reject) => {
      const server = serve({ fetch, port: config.port, hostname: config.host }, () => resolve(server));
      server.once('error', reject);
      server.on('clientError', answerClientError);
    });
  } catch (error) {
    throw listenFailure(error, config);
  }
}

/** Why the server could not listen, in one line for the operator. */
function listenFailure(error: unknown, { host, port }: Config): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${host}:${port}`;
  if (code === 'EADDRINUSE')
    return new StartupError(`cannot listen on ${where}: the port is in use (another server running? set PORT)`, { cause: error });
  if (code === 'EACCES')
    return new StartupError(`cannot listen on ${where}: permission denied (ports below 1024 need privileges; set PORT)`, { cause: error });
  if (code === 'EADDRNOTAVAIL')
    return new StartupError(`cannot listen on ${where}: no such address on this machine (set HOST)`, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}
