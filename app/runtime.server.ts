// Assembles the process: configuration, database, job queue with every job definition, the
// webhook inbox (ingest → group commit → relay → jobs). The web server, the worker and the tests
// all start from here, so they run the same wiring.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import fs from "node:fs";
import { fileOffsetClock, systemClock, type Clock } from "./platform/clock";
import { createDb, db as processDb, type Db } from "./platform/db.server";
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
import { createInboxSink } from "./webhooks/inbox-sink.server";
import { InboxWriter } from "./webhooks/inbox-writer.server";
import { createWebhookIngest } from "./webhooks/ingest.server";
import { InboxRelay } from "./webhooks/relay.server";
import type { WebhookHandlers } from "./webhooks/handler";

export interface Runtime {
  env: Env;
  db: Db;
  clock: Clock;
  jobs: JobQueue;
  log: Logger;
  relay: InboxRelay;
  mailer: Mailer;
  ingest: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  env?: Env;
  db?: Db;
  clock?: Clock;
  /** Whether this process executes jobs (the embedded default and `npm run worker` do). */
  processJobs?: boolean;
  migrate?: boolean;
  backoff?: BackoffPolicy;
  pollMs?: number;
  queueName?: string;
  relaySweepMs?: number;
  /** SQLite: group the hot paths' writes into one commit per this many ms (see DbOptions). */
  groupCommitMs?: number;
  /** Tests add or replace handlers (e.g. one that fails) without touching the real table. */
  handlers?: WebhookHandlers;
}

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
  // The process-wide runtime shares the one client Shopify's session storage also uses (two
  // SQLite connections in one process can stall each other); tests with their own env get theirs.
  const db = o.db ?? (o.env || o.groupCommitMs ? createDb(env.DATABASE_URL, { groupCommitMs: o.groupCommitMs }) : processDb());
  const shopActive = (shop: string) => isShopActive(db, shop);
  let jobs: JobQueue | undefined;
  let inbox: InboxWriter | undefined;
  const registry = new JobRegistry(
    allJobs({
      db,
      clock,
      jobs: () => jobs!,
      shopify: { apiVersion: SHOPIFY_API_VERSION, originTemplate: env.SHOPIFY_ADMIN_API_ORIGIN },
      handlers: { ...webhookHandlers, ...o.handlers },
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
    queueName: o.queueName,
    isShopActive: shopActive,
    yieldWhile: () => inbox?.busy() ?? false,
  });
  const mailer = createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
  const relay = new InboxRelay(db, jobs, log, o.relaySweepMs, undefined, () => inbox?.busy() ?? false);
  const sink = createInboxSink(db);
  inbox = new InboxWriter(sink, clock, () => void relay.kick());
  const ingest = createWebhookIngest({ secret: env.SHOPIFY_API_SECRET, inbox, log });
  relay.start();
  const processJobs = o.processJobs ?? env.PROCESS_ROLE !== "web";
  if (processJobs) await jobs.startProcessing();
  // Processes that run jobs also keep history in bounds (idempotent; several may do it).
  const pruning = processJobs
    ? setInterval(() => {
        pruneHistory(db, clock, jobs!)
          .then((pruned) => log.info(pruned, "pruned old webhook deliveries and jobs"))
          .catch((error) => log.error({ err: error }, "pruning history failed"));
      }, 60 * 60_000)
    : undefined;
  pruning?.unref();

  return {
    env,
    db,
    clock,
    jobs,
    log,
    relay,
    mailer,
    ingest,
    async close() {
      clearInterval(pruning);
      await relay.stop();
      await jobs!.close();
      mailer.close();
      if (!o.db) await db.$disconnect();
    },
  };
}

let shared: Promise<Runtime> | undefined;

/** The process-wide runtime (routes use it). */
export function runtime(): Promise<Runtime> {
  shared ??= createRuntime();
  return shared;
}
