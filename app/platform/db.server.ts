// The Prisma client for the configured database: SQLite through libsql (default, WAL mode) or
// PostgreSQL through node-postgres. Both clients are generated from one schema, so they share a type.
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaClient } from "@prisma/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { createClient, type Client as LibsqlClient, type TransactionMode } from "@libsql/client";
import { whenAvailable } from "./busy";
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
const disconnectHooks = new WeakMap<object, (() => void)[]>();

/** The SQLite file behind a client (for the hot paths' own connection, see sql.server.ts). */
export function sqliteFileOf(client: Db): string | undefined {
  return sqliteFiles.get(client);
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
   * SQLite: hot-path statements (sql.server.ts) arriving within this many milliseconds share one
   * transaction, so a burst of small writes costs one commit. For a process's background side, not
   * for a thread that answers requests (the group holds the write lock while it is open). 0: off.
   */
  groupCommitMs?: number;
}

const options = new WeakMap<object, DbOptions>();

export function dbOptionsOf(client: Db): DbOptions {
  return options.get(client) ?? {};
}

/**
 * The libsql client as Prisma and the inbox see it, made never to wait in place: busy_timeout is 0
 * and a locked database is retried after a pause (busy.ts). Transactions take the write lock when
 * they begin (BEGIN IMMEDIATE), so a lock they cannot get fails before any work, and is retried.
 */
function nonBlocking(client: LibsqlClient): LibsqlClient {
  const writeMode = (mode?: TransactionMode): TransactionMode => (mode === undefined || mode === "deferred" ? "write" : mode);
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "execute") return (...a: Parameters<LibsqlClient["execute"]>) => whenAvailable(() => target.execute(...a));
      if (prop === "executeMultiple") return (sql: string) => whenAvailable(() => target.executeMultiple(sql));
      if (prop === "batch")
        return (stmts: Parameters<LibsqlClient["batch"]>[0], mode?: TransactionMode) =>
          whenAvailable(() => target.batch(stmts, writeMode(mode)));
      if (prop === "transaction") return (mode?: TransactionMode) => whenAvailable(() => target.transaction(writeMode(mode)));
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
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
    void raw.execute("PRAGMA busy_timeout=0").catch(() => undefined);
    const sqlite = nonBlocking(raw);
    const client = new PrismaClient({ adapter: new SharedClientLibSQL(sqlite) });
    options.set(client, o);
    kinds.set(client, "sqlite");
    sqliteClients.set(client, sqlite);
    sqliteFiles.set(client, sqliteUrl(databaseUrl).slice("file:".length));
    const hooks: (() => void)[] = [];
    disconnectHooks.set(client, hooks);
    const disconnect = client.$disconnect.bind(client);
    client.$disconnect = async () => {
      for (const hook of hooks.splice(0)) hook();
      await disconnect();
    };
    return client;
  }
  // Loaded on demand: a SQLite deployment never pays for the PostgreSQL client.
  const { PrismaPg } = require("@prisma/adapter-pg") as typeof import("@prisma/adapter-pg");
  // Generated by `prisma generate --schema prisma/postgres/schema.prisma` (npm postinstall).
  const { PrismaClient: PgPrismaClient } = require(".prisma/client-pg") as { PrismaClient: typeof PrismaClient };
  const client = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  kinds.set(client, "postgresql");
  return client;
}

let shared: Db | undefined;

/** The process-wide client for the configured DATABASE_URL. */
export function db(): Db {
  shared ??= createDb(env().DATABASE_URL);
  return shared;
}
