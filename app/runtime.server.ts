// Assembles the process: configuration, database, job queue with every job definition, the
// webhook inbox (ingest → group commit → relay → jobs). The web server, the worker and the tests
// all start from here, so they run the same wiring.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import fs from "node:fs";
import { fileOffsetClock, systemClock, type Clock } from "./platform/clock";
import { BackgroundHost, type BackgroundHealth } from "./background/host.server";
import { startCheckpoints } from "./platform/checkpoint.server";
import { createDb, db as processDb, dialectOf, setAutoCheckpoint, setWriterTurns, type Db } from "./platform/db.server";
import type { WriterTurns } from "./platform/sql.server";
import { env as loadEnv, type Env } from "./platform/env.server";
import type { BackoffPolicy } from "./platform/jobs/backoff";
import { createQueue } from "./platform/jobs/index.server";
import { JobRegistry } from "./platform/jobs/registry.server";
import type { JobQueue } from "./platform/jobs/types";
import { configureLogger, log as rootLog } from "./platform/logger.server";
import { createMailer, type Mailer } from "./platform/mailer.server";
import { migrate } from "./platform/migrate.server";
import { pruneHistory } from "./platform/retention.server";
import { allJobs } from "./jobs.server";
import { SHOPIFY_API_VERSION } from "./platform/shopify-api-version";
import { isShopActive } from "./shops/shops.server";
import { webhookHandlers } from "./webhooks/handlers.server";
import { createInboxSink, PG_INBOX_CONNECTIONS, PG_INBOX_MAX_GROUP } from "./webhooks/inbox-sink.server";
import { InboxWriter } from "./webhooks/inbox-writer.server";
import { createWebhookIngest } from "./webhooks/ingest.server";
import { InboxRelay } from "./webhooks/relay.server";
import type { WebhookHandlers } from "./webhooks/handler";
import { EventLog } from "./events/log.server";
import type { SubscriberTable } from "./events/subscriber";
import { subscribers as subscriberTable } from "./events/subscribers.server";
import { MessageDispatcher } from "./messaging/dispatch.server";
import { LoyaltyLifecycleTicker } from "./loyalty/lifecycle-jobs.server";

export interface Runtime {
  env: Env;
  db: Db;
  clock: Clock;
  jobs: JobQueue;
  log: Logger;
  mailer: Mailer;
  /** The after-sales event log (append, dispatch to subscribers). */
  events: EventLog;
  /** Where background work runs for this process, and (thread) how that thread is doing. */
  background: { mode: BackgroundMode; health(): BackgroundHealth | null };
  ingest: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Work is waiting (webhooks stored, a delivery replayed, a job enqueued): whoever runs it looks now. */
  kick(): void;
  close(): Promise<void>;
}

/**
 * inline: jobs, the inbox relay and pruning run in this runtime (tests, `npm run worker`).
 * thread: they run in a worker thread this runtime starts and supervises, with its own database
 *   connections; this thread only verifies, stores and answers (`npm start`, the embedded default).
 * none: nowhere in this process (a web process of the scale path; `npm run worker` runs them).
 */
export type BackgroundMode = "inline" | "thread" | "none";

export interface RuntimeOptions {
  env?: Env;
  db?: Db;
  clock?: Clock;
  /** Default: none when PROCESS_ROLE=web; thread on the embedded default when backgroundEntry is given; inline otherwise. */
  background?: BackgroundMode;
  /** The worker thread's entry (scripts/background.mjs), for background "thread". */
  backgroundEntry?: string | URL;
  /** Whether this runtime answers webhooks (the background thread does not). Default true. */
  ingest?: boolean;
  migrate?: boolean;
  backoff?: BackoffPolicy;
  pollMs?: number;
  queueName?: string;
  relaySweepMs?: number;
  /** SQLite: group the hot paths' writes into one commit per this many ms (see DbOptions). */
  groupCommitMs?: number;
  /** SQLite: checkpoint the WAL from this runtime, on a timer, instead of inside commits (the background thread). */
  checkpoints?: boolean;
  /** SQLite: turns for writing shared with the other thread of this process (see WriterTurns). */
  writerTurns?: WriterTurns;
  /** Tests add or replace handlers (e.g. one that fails) without touching the real table. */
  handlers?: WebhookHandlers;
  /** How long a running job's claim lasts without a heartbeat before another runner may take it (tests shorten it). */
  leaseMs?: number;
  /** Rows per written batch of a history import (tests make it small, so a kill lands mid-file). */
  historyBatchRows?: number;
  /** Tests replace the event → subscribers table. */
  subscribers?: SubscriberTable;
  /** Tests replace the mailer (e.g. one that dies mid-send). */
  mailer?: Mailer;
  /** How often due messages are claimed (ms); the clock's jumps also trigger a claim. */
  messageTickMs?: number;
}

/** Web-only processes have no relay of their own to wake: the worker processes' relays sweep this often. */
const WORKER_RELAY_SWEEP_MS = 250;
const EVENT_SWEEP_MS = 5_000;

export async function createRuntime(o: RuntimeOptions = {}): Promise<Runtime> {
  const env = o.env ?? loadEnv();
  const clock =
    o.clock ?? (env.CLOCK_OFFSET_FILE ? fileOffsetClock(env.CLOCK_OFFSET_FILE, (f) => fs.readFileSync(f, "utf8")) : systemClock);
  configureLogger(env.LOG_LEVEL);
  const log = rootLog();
  if (o.migrate ?? true) {
    const applied = await migrate(env.DATABASE_URL);
    if (applied.length) log.info({ applied }, "database migrated");
  }
  const mode: BackgroundMode =
    o.background ??
    (env.PROCESS_ROLE === "web" ? "none" : o.backgroundEntry && !env.REDIS_URL && env.PROCESS_ROLE === "all" ? "thread" : "inline");
  if (mode === "thread" && !o.backgroundEntry) throw new Error("background: thread needs backgroundEntry");
  // The process-wide runtime shares the client Shopify's session storage also uses; tests with
  // their own env, and the background thread, get theirs.
  const db =
    o.db ??
    (o.env || o.groupCommitMs ? createDb(env.DATABASE_URL, { groupCommitMs: o.groupCommitMs, writerTurns: o.writerTurns }) : processDb());
  // The thread that answers webhooks never pays for a WAL checkpoint (the background thread runs
  // them) and goes first when both want to write.
  const turns = mode === "thread" ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
  if (turns) {
    await setAutoCheckpoint(db, false);
    setWriterTurns(db, { flag: turns, role: "first" });
  }
  const checkpoints = o.checkpoints && dialectOf(db) === "sqlite" ? startCheckpoints(db, log) : undefined;
  const shopActive = (shop: string) => isShopActive(db, shop);
  let jobs: JobQueue | undefined;
  let inbox: InboxWriter | undefined;
  let host: BackgroundHost | undefined;
  const events = new EventLog(db, () => jobs!, o.subscribers ?? subscriberTable, clock);
  const mailer = o.mailer ?? createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
  const registry = new JobRegistry(
    allJobs({
      db,
      clock,
      jobs: () => jobs!,
      shopify: { apiVersion: SHOPIFY_API_VERSION, originTemplate: env.SHOPIFY_ADMIN_API_ORIGIN },
      handlers: { ...webhookHandlers, ...o.handlers },
      events,
      historyBatchRows: o.historyBatchRows,
      mailer: () => mailer,
      appUrl: env.SHOPIFY_APP_URL,
      secret: env.SHOPIFY_API_SECRET,
    }),
  );
  jobs = await createQueue({
    db,
    registry,
    clock,
    log,
    redisUrl: env.REDIS_URL,
    concurrency: env.JOB_CONCURRENCY,
    backoff: o.backoff,
    pollMs: o.pollMs,
    leaseMs: o.leaseMs,
    queueName: o.queueName,
    isShopActive: shopActive,
    yieldWhile: () => inbox?.busy() ?? false,
    // A job enqueued here (a merchant's click, an install) wakes the thread that runs jobs.
    onEnqueued: mode === "thread" ? () => host?.kick() : undefined,
  });
  // The relay runs where the jobs run: a web-only thread or process only stores.
  const relay =
    mode === "inline"
      ? new InboxRelay(
          db,
          jobs,
          log,
          o.relaySweepMs ?? (o.ingest === false ? WORKER_RELAY_SWEEP_MS : undefined),
          undefined,
          () => inbox?.busy() ?? false,
        )
      : undefined;
  const kick = () => {
    if (relay) relay.kick();
    if (host) host.kick();
  };
  if (o.ingest !== false) {
    inbox = new InboxWriter(createInboxSink(db), clock, {
      onStored: kick,
      ...(dialectOf(db) === "postgresql" ? { concurrency: PG_INBOX_CONNECTIONS, maxBatch: PG_INBOX_MAX_GROUP } : {}),
    });
  }
  const ingest = inbox
    ? createWebhookIngest({ secret: env.SHOPIFY_API_SECRET, inbox, log })
    : async (_req: IncomingMessage, res: ServerResponse) => void res.writeHead(404).end("This process does not take webhooks");
  let pruning: NodeJS.Timeout | undefined;
  let sweeping: NodeJS.Timeout | undefined;
  let dispatcher: MessageDispatcher | undefined;
  let lifecycle: LoyaltyLifecycleTicker | undefined;
  if (mode === "inline") {
    relay!.start();
    await jobs.startProcessing();
    // Processes that run jobs also keep history in bounds (idempotent; several may do it).
    pruning = setInterval(() => {
      pruneHistory(db, clock, jobs!)
        .then((pruned) => log.info(pruned, "pruned old webhook deliveries and jobs"))
        .catch((error) => log.error({ err: error }, "pruning history failed"));
    }, 60 * 60_000);
    pruning.unref();
    // Events a crash left between their append and their subscribers' jobs.
    sweeping = setInterval(() => {
      events.sweep(log).catch((error) => log.error({ err: error }, "dispatching left events failed"));
    }, EVENT_SWEEP_MS);
    sweeping.unref();
    dispatcher = new MessageDispatcher({ db, jobs: () => jobs!, clock, log, intervalMs: o.messageTickMs });
    dispatcher.start();
    // Birthday points and points expiry: a keyed sweep per few hours of clock time.
    lifecycle = new LoyaltyLifecycleTicker({ jobs: () => jobs!, clock, log });
    lifecycle.start();
  }
  if (mode === "thread") {
    host = new BackgroundHost({ entry: o.backgroundEntry!, data: { writerTurns: turns }, log });
    await host.start();
  }

  return {
    env,
    db,
    clock,
    jobs,
    log,
    mailer,
    events,
    background: { mode, health: () => host?.health() ?? null },
    ingest,
    kick,
    async close() {
      clearInterval(pruning);
      clearInterval(sweeping);
      lifecycle?.stop();
      await dispatcher?.stop();
      await host?.stop();
      await relay?.stop();
      await jobs!.close();
      await checkpoints?.stop();
      mailer.close();
      if (!o.db) await db.$disconnect();
    },
  };
}

let shared: Promise<Runtime> | undefined;

/** The process-wide runtime (routes use it); the first caller's options decide how it is built. */
export function runtime(options?: RuntimeOptions): Promise<Runtime> {
  shared ??= createRuntime(options);
  return shared;
}
