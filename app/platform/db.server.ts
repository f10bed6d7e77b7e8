// The Prisma client for the configured database: SQLite through libsql (default, WAL mode) or
// PostgreSQL through node-postgres. Both clients are generated from one schema, so they share a type.
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaClient } from "@prisma/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { createClient, type Client as LibsqlClient, type TransactionMode } from "@libsql/client";
import { whenAvailable } from "./busy";
import type { WriterTurns } from "./sql.server";
import { env } from "./env.server";

export type Db = PrismaClient;
export type DbKind = "sqlite" | "postgresql";

const require = createRequire(import.meta.url);

/** Resolves `file:./relative.sqlite` against the working directory, as the Prisma CLI does. */
export function sqliteUrl(databaseUrl: string): string {
  const file = databaseUrl.slice("file:".length);
  return `file:${path.resolve(file)}`;
}

const kinds = new WeakMap<object, DbKind>();
const sqliteClients = new WeakMap<object, LibsqlClient>();
const sqliteFiles = new WeakMap<object, string>();
const postgresUrls = new WeakMap<object, string>();
const disconnectHooks = new WeakMap<object, (() => void)[]>();

/** The SQLite file behind a client (for the hot paths' own connection, see sql.server.ts). */
export function sqliteFileOf(client: Db): string | undefined {
  return sqliteFiles.get(client);
}

/** The PostgreSQL connection string behind a client (for the hot paths' own pools, see pg-pool.server.ts). */
export function postgresUrlOf(client: Db): string | undefined {
  return postgresUrls.get(client);
}

/** Runs `hook` when the client disconnects (closing connections opened beside Prisma's). */
export function onDisconnect(client: Db, hook: () => void) {
  disconnectHooks.get(client)?.push(hook);
}

/** Prisma's libsql adapter, made to use a client we own (so raw hot paths can share it). */
class SharedClientLibSQL extends PrismaLibSQL {
  constructor(private readonly shared: LibsqlClient) {
    super({ url: "file::memory:" });
  }
  override createClient(): ReturnType<PrismaLibSQL["createClient"]> {
    return this.shared as unknown as ReturnType<PrismaLibSQL["createClient"]>;
  }
}

/** The libsql connection behind a SQLite Prisma client (for the few paths that bypass Prisma). */
export function sqliteClientOf(client: Db): LibsqlClient | undefined {
  return sqliteClients.get(client);
}

/** Which SQL dialect a client speaks (raw SQL differs in placeholders). */
export function dialectOf(client: Db): DbKind {
  return kinds.get(client) ?? "sqlite";
}

/** `count` positional placeholders starting after `offset`, in the client's dialect. */
export function placeholders(client: Db, count: number, offset: number): string {
  const pg = dialectOf(client) === "postgresql";
  return Array.from({ length: count }, (_, k) => (pg ? `$${offset + k + 1}` : "?")).join(", ");
}

export interface DbOptions {
  /**
   * SQLite: whether a commit may run a WAL checkpoint (SQLite's default). Off for a thread that
   * answers requests; a background thread then checkpoints on a timer (checkpoint.server.ts).
   */
  autoCheckpoint?: boolean;
  /**
   * SQLite: hot-path statements (sql.server.ts) arriving within this many milliseconds share one
   * transaction, so a burst of small writes costs one commit. For a process's background side, not
   * for a thread that answers requests (the group holds the write lock while it is open). 0: off.
   */
  groupCommitMs?: number;
  /** SQLite: turns for writing shared with another thread (see WriterTurns in sql.server.ts). */
  writerTurns?: WriterTurns;
}

const options = new WeakMap<object, DbOptions>();

/** Bytes a WAL file is cut back to after a checkpoint, and the size above which a checkpoint truncates it. */
export const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

export function dbOptionsOf(client: Db): DbOptions {
  return options.get(client) ?? {};
}

const autoCheckpointHooks = new WeakMap<object, ((on: boolean) => void)[]>();

/** Registers a connection opened beside Prisma's, so setAutoCheckpoint reaches it too. */
export function onAutoCheckpointChange(client: Db, hook: (on: boolean) => void) {
  autoCheckpointHooks.get(client)?.push(hook);
}

/** Joins this client's hot-path writes to turns shared with another thread; before its first hot-path statement. */
export function setWriterTurns(client: Db, turns: WriterTurns) {
  options.set(client, { ...dbOptionsOf(client), writerTurns: turns });
}

/** Lets commits on this client's connections checkpoint the WAL, or not (see DbOptions.autoCheckpoint). */
export async function setAutoCheckpoint(client: Db, on: boolean): Promise<void> {
  const sqlite = sqliteClients.get(client);
  if (!sqlite) return;
  options.set(client, { ...dbOptionsOf(client), autoCheckpoint: on });
  await sqlite.execute(on ? "PRAGMA wal_autocheckpoint=1000" : "PRAGMA wal_autocheckpoint=0");
  for (const hook of autoCheckpointHooks.get(client) ?? []) hook(on);
}

const prismaWriteHooks = new WeakMap<object, (() => void)[]>();

/** Runs `hook` before each of Prisma's statements on this client (the hot paths' group hands over the write lock). */
export function beforePrismaWrite(client: Db, hook: () => void) {
  prismaWriteHooks.get(client)?.push(hook);
}

/** How long a Prisma statement waits for the write lock (held by another thread's short transaction). */
const PRISMA_BUSY_MS = 2_000;

/**
 * The libsql client as Prisma sees it. Its connection waits for the write lock in place, up to
 * PRISMA_BUSY_MS: Prisma's statements are not on the hot paths, and waiting is what keeps them
 * from failing half-way (libsql leaves a statement that met a lock active, see sql.server.ts). So
 * that the wait is never for this very thread, the hot paths' open group is committed first
 * (beforePrismaWrite), and transactions take the lock when they begin (BEGIN IMMEDIATE). A
 * connection held by an open transaction is waited for after a pause.
 */
function forPrisma(client: LibsqlClient, before: () => void): LibsqlClient {
  const writeMode = (mode?: TransactionMode): TransactionMode => (mode === undefined || mode === "deferred" ? "write" : mode);
  const call = <T>(run: () => Promise<T>) => {
    before();
    return whenAvailable(run);
  };
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "execute") return (...a: Parameters<LibsqlClient["execute"]>) => call(() => target.execute(...a));
      if (prop === "executeMultiple") return (sql: string) => call(() => target.executeMultiple(sql));
      if (prop === "batch")
        return (stmts: Parameters<LibsqlClient["batch"]>[0], mode?: TransactionMode) => call(() => target.batch(stmts, writeMode(mode)));
      if (prop === "transaction") return (mode?: TransactionMode) => call(() => target.transaction(writeMode(mode)));
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** $disconnect also closes what was opened beside the client (onDisconnect). */
function withDisconnectHooks(client: Db): Db {
  const hooks: (() => void)[] = [];
  disconnectHooks.set(client, hooks);
  const disconnect = client.$disconnect.bind(client);
  client.$disconnect = async () => {
    for (const hook of hooks.splice(0)) hook();
    await disconnect();
  };
  return client;
}

export function createDb(databaseUrl: string, o: DbOptions = {}): Db {
  if (databaseUrl.startsWith("file:")) {
    // One libsql connection for Prisma and the webhook inbox's raw write path (the hot paths have
    // one more, sql.server.ts): the pool hands it to one user at a time (a Prisma transaction
    // keeps it until commit), and per-connection PRAGMAs hold for every query.
    const raw = createClient({ url: sqliteUrl(databaseUrl), concurrency: 1 });
    // WAL lets readers run beside the writer; NORMAL sync is durable across app crashes (the OS
    // keeps the WAL) and several times faster than FULL. Queued before any query the app sends.
    void raw.execute("PRAGMA journal_mode=WAL").catch(() => undefined);
    void raw.execute("PRAGMA synchronous=NORMAL").catch(() => undefined);
    void raw.execute(`PRAGMA busy_timeout=${PRISMA_BUSY_MS}`).catch(() => undefined);
    // After a checkpoint, a WAL that grew during a burst is cut back to this size.
    void raw.execute(`PRAGMA journal_size_limit=${WAL_SIZE_LIMIT}`).catch(() => undefined);
    if (o.autoCheckpoint === false) void raw.execute("PRAGMA wal_autocheckpoint=0").catch(() => undefined);
    const hooks: (() => void)[] = [];
    const sqlite = forPrisma(raw, () => {
      for (const hook of hooks) hook();
    });
    const client = new PrismaClient({ adapter: new SharedClientLibSQL(sqlite) });
    prismaWriteHooks.set(client, hooks);
    options.set(client, o);
    kinds.set(client, "sqlite");
    sqliteClients.set(client, sqlite);
    sqliteFiles.set(client, sqliteUrl(databaseUrl).slice("file:".length));
    autoCheckpointHooks.set(client, []);
    return withDisconnectHooks(client);
  }
  // Loaded on demand: a SQLite deployment never pays for the PostgreSQL client.
  const { PrismaPg } = require("@prisma/adapter-pg") as typeof import("@prisma/adapter-pg");
  // Generated by `prisma generate --schema prisma/postgres/schema.prisma` (npm postinstall).
  const { PrismaClient: PgPrismaClient } = require(".prisma/client-pg") as { PrismaClient: typeof PrismaClient };
  const client = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  kinds.set(client, "postgresql");
  postgresUrls.set(client, databaseUrl);
  options.set(client, o);
  return withDisconnectHooks(client);
}

let shared: Db | undefined;

/** The process-wide client for the configured DATABASE_URL. */
export function db(): Db {
  shared ??= createDb(env().DATABASE_URL);
  return shared;
}
