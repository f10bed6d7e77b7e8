// Direct SQL for the hot paths (webhook processing, job claiming, projection writes). On SQLite a
// statement goes straight to the libsql connection Prisma itself uses; on PostgreSQL through
// Prisma's raw query, which skips its query compiler. Prisma's per-query cost (the compiler above
// all) is several times SQLite's own, and the hot paths run a handful of statements per webhook.
// Statements use `?` placeholders on both databases (never a literal `?` in the SQL text).
// A connection that is momentarily unavailable (the database file locked by another connection, or
// this one held by an open Prisma transaction) is retried after a pause, never waited on in place.
import Database, { type Statement } from "libsql";
import { whenAvailable } from "./busy";
import { log } from "./logger.server";
import { dbOptionsOf, dialectOf, onDisconnect, sqliteFileOf, type Db } from "./db.server";

type InValue = string | number | bigint | Buffer | Uint8Array | null;

/**
 * The hot paths' own connection to the SQLite file, beside Prisma's: statements are prepared once
 * and reused. It never waits for a lock in place (busy_timeout 0; whenAvailable retries after a
 * pause), so it cannot stall the thread that a lock holder on the other connection needs.
 */
function openConnection(db: Db, file: string): Database.Database {
  const conn = new Database(file);
  conn.pragma("busy_timeout = 0");
  conn.pragma("synchronous = NORMAL");
  onDisconnect(db, () => conn.close());
  return conn;
}

export interface Sql {
  readonly dialect: "sqlite" | "postgresql";
  /** Runs a statement; returns how many rows it changed. */
  run(sql: string, args?: unknown[]): Promise<number>;
  /** Runs a query; returns its rows as plain objects (dates as the driver returns them: see `asDate`). */
  all<T = Record<string, unknown>>(sql: string, args?: unknown[]): Promise<T[]>;
}

/** The text form Prisma's libsql adapter writes for a DateTime, so comparisons and ordering agree. */
export function sqliteTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

function sqliteArg(v: unknown): InValue {
  if (v instanceof Date) return sqliteTime(v);
  if (v === undefined) return null;
  if (typeof v === "boolean") return v ? 1 : 0;
  return v as InValue;
}

/** A DateTime column as read by `all`: SQLite returns text, PostgreSQL a Date. */
export function asDate(v: unknown): Date | null {
  if (v == null) return null;
  return v instanceof Date ? v : new Date(String(v));
}

function toPg(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const WRITES = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;
/** A group is committed after this many statements even if its time is not up. */
const GROUP_MAX_STATEMENTS = 2_000;

/**
 * Group commit for a connection's writes: the first write opens a transaction (BEGIN IMMEDIATE,
 * retried like any statement when the file is locked), later ones join it, and it commits after
 * `ms` (or GROUP_MAX_STATEMENTS). Statements stay individually atomic and nothing is rolled back
 * as a group — a failed statement is undone alone, as it would be outside a transaction — so the
 * only difference from committing each one is that a crash loses the last few milliseconds
 * together: a job's work and the record that it ran fall back together, and it runs again.
 */
class GroupCommit {
  private open = false;
  private statements = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly conn: Database.Database,
    private readonly ms: number,
  ) {}

  beforeWrite() {
    if (this.ms <= 0) return;
    if (!this.open) {
      this.conn.exec("BEGIN IMMEDIATE");
      this.open = true;
      this.timer = setTimeout(() => {
        try {
          this.commit();
        } catch (error) {
          log().error({ err: error }, "group commit failed; its jobs will run again");
        }
      }, this.ms);
    }
    if (++this.statements >= GROUP_MAX_STATEMENTS) setImmediate(() => this.commit());
  }

  commit() {
    if (!this.open) return;
    clearTimeout(this.timer);
    this.open = false;
    this.statements = 0;
    try {
      this.conn.exec("COMMIT");
    } catch (error) {
      // The writes are lost together with the records of the jobs that made them: those jobs' leases
      // run out and they run again. Rolling back keeps the connection usable.
      if (this.conn.inTransaction) this.conn.exec("ROLLBACK");
      throw error;
    }
  }
}

const cache = new WeakMap<Db, Sql>();

export function sqlOf(db: Db): Sql {
  const known = cache.get(db);
  if (known) return known;
  let sql: Sql;
  const file = sqliteFileOf(db);
  if (dialectOf(db) === "sqlite" && file) {
    const conn = openConnection(db, file);
    const statements = new Map<string, Statement>();
    const prepared = (text: string) => {
      let stmt = statements.get(text);
      if (!stmt) {
        stmt = conn.prepare(text);
        if (statements.size < 500) statements.set(text, stmt);
      }
      return stmt;
    };
    const group = new GroupCommit(conn, dbOptionsOf(db).groupCommitMs ?? 0);
    onDisconnect(db, () => group.commit());
    const execute = <T>(text: string, args: unknown[], read: (stmt: Statement, values: InValue[]) => T) =>
      whenAvailable(async () => {
        if (WRITES.test(text)) group.beforeWrite();
        return read(prepared(text), args.map(sqliteArg));
      });
    sql = {
      dialect: "sqlite",
      run: (text, args = []) => execute(text, args, (stmt, values) => stmt.run(...values).changes),
      all: <T>(text: string, args: unknown[] = []) => execute(text, args, (stmt, values) => stmt.all(...values) as T[]),
    };
  } else {
    sql = {
      dialect: "postgresql",
      run: (text, args = []) => db.$executeRawUnsafe(toPg(text), ...args),
      all: <T>(text: string, args: unknown[] = []) => db.$queryRawUnsafe<T[]>(toPg(text), ...args),
    };
  }
  cache.set(db, sql);
  return sql;
}
