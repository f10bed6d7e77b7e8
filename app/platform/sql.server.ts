// Direct SQL for the hot paths (webhook processing, job claiming, projection writes). On SQLite a
// statement goes to a libsql connection of the hot paths' own; on PostgreSQL to a node-postgres
// pool of their own (pg-pool.server.ts); neither goes through Prisma's query compiler, whose
// per-query cost is several times the database's own, and the hot paths run a handful of
// statements per webhook.
// Statements use `?` placeholders on both databases (never a literal `?` in the SQL text).
// A connection that is momentarily unavailable (the database file locked by another connection, or
// this one held by an open Prisma transaction) is retried after a pause, never waited on in place.
import Database, { type Statement as Prepared } from "libsql";
import type pg from "pg";
import { isMomentary, whenAvailable } from "./busy";
import { log } from "./logger.server";
import { openPgPool, pgArg } from "./pg-pool.server";
import {
  beforePrismaWrite,
  dbOptionsOf,
  dialectOf,
  onAutoCheckpointChange,
  onDisconnect,
  postgresUrlOf,
  sqliteFileOf,
  WAL_SIZE_LIMIT,
  type Db,
} from "./db.server";

type InValue = string | number | bigint | Buffer | Uint8Array | null;

/**
 * The hot paths' own connection to the SQLite file, beside Prisma's: statements are prepared once
 * and reused. It never waits for a lock in place (busy_timeout 0; see WriteLock), so it cannot
 * stall the thread, which may be the one the lock holder needs.
 */
function openConnection(db: Db, file: string): Database.Database {
  const conn = new Database(file);
  conn.pragma("busy_timeout = 0");
  conn.pragma("synchronous = NORMAL");
  conn.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  const autoCheckpoint = (on: boolean) => conn.pragma(`wal_autocheckpoint = ${on ? 1000 : 0}`);
  if (dbOptionsOf(db).autoCheckpoint === false) autoCheckpoint(false);
  onAutoCheckpointChange(db, autoCheckpoint);
  return conn;
}

export interface Sql {
  readonly dialect: "sqlite" | "postgresql";
  /** Runs a statement; returns how many rows it changed. */
  run(sql: string, args?: unknown[]): Promise<number>;
  /** Runs a query; returns its rows as plain objects (dates as the driver returns them: see `asDate`). */
  all<T = Record<string, unknown>>(sql: string, args?: unknown[]): Promise<T[]>;
  /** Runs one statement once per row of arguments, all in one transaction; returns each run's changed-row count. */
  runEach(sql: string, rows: unknown[][]): Promise<number[]>;
  /**
   * Runs the statements in order in one transaction of their own (never joined to a group), so
   * they all happen or none does; returns each one's rows (for RETURNING or SELECT) and changed-row count.
   */
  batch(statements: Statement[]): Promise<BatchResult[]>;
  /** Commits this thread's open group now (SQLite with group commit; otherwise nothing to do). */
  commitPending(): void;
}

export interface Statement {
  sql: string;
  args: unknown[];
}

export interface BatchResult {
  rows: Record<string, unknown>[];
  changes: number;
}

const RETURNS_ROWS = /^\s*SELECT\b|\bRETURNING\b/i;

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

/** The hot paths on PostgreSQL: a pool of their own, sized for the job runner's concurrency. */
function postgresSql(db: Db): Sql {
  const url = postgresUrlOf(db);
  if (!url) throw new Error("this client has no PostgreSQL connection string");
  const pool = openPgPool(url, PG_HOT_PATH_CONNECTIONS);
  onDisconnect(db, () => void pool.end());
  /** Runs `work` on one pooled connection inside BEGIN … COMMIT, rolling back when it throws. */
  const transaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  const query = <T>(text: string, args: unknown[]) =>
    pool.query(toPg(text), args.map(pgArg)) as Promise<pg.QueryResult<T & pg.QueryResultRow>>;
  return {
    dialect: "postgresql",
    run: async (text, args = []) => (await query(text, args)).rowCount ?? 0,
    all: async <T>(text: string, args: unknown[] = []) => (await query<T>(text, args)).rows as T[],
    runEach: (text, rows) =>
      transaction(async (client) => {
        const changes: number[] = [];
        for (const args of rows) changes.push((await client.query(toPg(text), args.map(pgArg))).rowCount ?? 0);
        return changes;
      }),
    batch: (statements) =>
      transaction(async (client) => {
        const results: BatchResult[] = [];
        for (const st of statements) {
          const r = await client.query(toPg(st.sql), st.args.map(pgArg));
          results.push({ rows: r.rows as Record<string, unknown>[], changes: r.rowCount ?? 0 });
        }
        return results;
      }),
    commitPending: () => undefined,
  };
}

/** Enough for JOB_CONCURRENCY's default and the relay beside it; more jobs queue for a connection. */
const PG_HOT_PATH_CONNECTIONS = 8;

function toPg(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const WRITES = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;
/** A group is committed after this many statements even if its time is not up. */
const GROUP_MAX_STATEMENTS = 2_000;

/** libsql aborts the process when `inTransaction` is read on a closed connection: ask only an open one. */
function inTransaction(conn: Database.Database): boolean {
  return conn.open && conn.inTransaction;
}

/**
 * Fairness between two threads writing to one SQLite file. SQLite's lock has no queue: a background
 * thread that commits a group every few milliseconds would take the lock again before the thread
 * answering webhooks got its turn. The two share a flag in shared memory: the thread that goes
 * "first" raises it while it is kept waiting, and the one that "yields" commits its group and
 * steps back (a momentary error, retried after a pause) for as long as the flag is up.
 */
export interface WriterTurns {
  flag: Int32Array;
  role: "first" | "yields";
}

class WriterWaiting extends Error {
  readonly code = "WRITER_WAITING";
  constructor() {
    super("another thread is waiting to write");
  }
}

/**
 * The write lock, taken the only way that can fail cleanly. libsql leaves a prepared statement that
 * failed with SQLITE_BUSY active on its connection, and the next COMMIT there then fails ("SQL
 * statements in progress"); `exec` finalizes what it ran. So a write never meets a lock: it runs
 * inside a transaction begun by exec("BEGIN IMMEDIATE"), which either gets the lock or fails
 * before anything started, and is then tried again after a pause (whenAvailable).
 *
 * With group commit (a background side), the first write opens the transaction, later ones join
 * it, and it commits after `ms` (or GROUP_MAX_STATEMENTS). Nothing is rolled back as a group — a
 * failed statement is undone alone, as it would be outside a transaction — so the only difference
 * from committing each write is that a crash loses the last few milliseconds together: a job's
 * work and the record that it ran fall back together, and it runs again. Without grouping, each
 * write gets a transaction of its own.
 */
class WriteLock {
  private open = false;
  private statements = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly conn: Database.Database,
    private readonly groupMs: number,
    private readonly turnsOf: () => WriterTurns | undefined,
  ) {}

  private get turns() {
    return this.turnsOf();
  }

  /** Runs `write` holding the lock: in the open group, or in a transaction of its own. */
  write<T>(write: () => T): T {
    if (this.groupMs <= 0) return this.transaction(write);
    if (this.turns?.role === "yields" && Atomics.load(this.turns.flag, 0) > 0) {
      // The thread that answers webhooks is waiting for the lock: hand it over and come back later.
      this.commit();
      throw new WriterWaiting();
    }
    if (!this.open) {
      this.begin();
      this.open = true;
      this.timer = setTimeout(() => this.commitLogged(), this.groupMs);
    }
    if (++this.statements >= GROUP_MAX_STATEMENTS) setImmediate(() => this.commitLogged());
    return write();
  }

  /** Runs `write` in a transaction of its own: the open group is committed first, and a failure rolls back all of it. */
  writeAlone<T>(write: () => T): T {
    this.commit();
    if (this.turns?.role === "yields" && Atomics.load(this.turns.flag, 0) > 0) throw new WriterWaiting();
    return this.transaction(write);
  }

  /** BEGIN IMMEDIATE, `write`, COMMIT — or ROLLBACK of all of it when it throws. */
  private transaction<T>(write: () => T): T {
    this.begin();
    try {
      const result = write();
      this.conn.exec("COMMIT");
      return result;
    } catch (error) {
      if (inTransaction(this.conn)) this.conn.exec("ROLLBACK");
      throw error;
    }
  }

  /** BEGIN IMMEDIATE; a thread with precedence says it is waiting while it cannot get the lock. */
  private begin() {
    const waits = this.turns?.role === "first";
    try {
      this.conn.exec("BEGIN IMMEDIATE");
    } catch (error) {
      if (waits && isMomentary(error)) Atomics.store(this.turns!.flag, 0, 1);
      throw error;
    }
    if (waits) Atomics.store(this.turns!.flag, 0, 0);
  }

  /** Commits the open group now (before another connection of this thread writes, and on close). */
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
      if (inTransaction(this.conn)) this.conn.exec("ROLLBACK");
      throw error;
    }
  }

  private commitLogged() {
    try {
      this.commit();
    } catch (error) {
      log().error({ err: error }, "group commit failed; its jobs will run again");
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
    const statements = new Map<string, Prepared>();
    const prepared = (text: string) => {
      let stmt = statements.get(text);
      if (!stmt) {
        stmt = conn.prepare(text);
        if (statements.size < 500) statements.set(text, stmt);
      }
      return stmt;
    };
    const lock = new WriteLock(conn, dbOptionsOf(db).groupCommitMs ?? 0, () => dbOptionsOf(db).writerTurns);
    onDisconnect(db, () => {
      try {
        lock.commit();
      } finally {
        conn.close();
      }
    });
    // Prisma's connection waits for the lock in place (busy_timeout): hand it over first, or the
    // wait would be for this very thread.
    beforePrismaWrite(db, () => lock.commit());
    // The thread that goes first retries the lock at once: the other steps back within a write.
    const maxPause = () => (dbOptionsOf(db).writerTurns?.role === "first" ? 1 : 50);
    const available = <T>(attempt: () => T) => whenAvailable(async () => attempt(), undefined, maxPause());
    const execute = <T>(text: string, args: unknown[], read: (stmt: Prepared, values: InValue[]) => T) =>
      available(() => {
        const values = args.map(sqliteArg);
        return WRITES.test(text) ? lock.write(() => read(prepared(text), values)) : read(prepared(text), values);
      });
    sql = {
      dialect: "sqlite",
      run: (text, args = []) => execute(text, args, (stmt, values) => stmt.run(...values).changes),
      all: <T>(text: string, args: unknown[] = []) => execute(text, args, (stmt, values) => stmt.all(...values) as T[]),
      runEach: (text, rows) =>
        available(() => {
          const stmt = prepared(text);
          const values = rows.map((r) => r.map(sqliteArg));
          return lock.write(() => values.map((v) => stmt.run(...v).changes));
        }),
      batch: (list) =>
        available(() =>
          lock.writeAlone(() =>
            list.map((s): BatchResult => {
              const stmt = prepared(s.sql);
              const values = s.args.map(sqliteArg);
              if (RETURNS_ROWS.test(s.sql)) {
                const rows = stmt.all(...values) as Record<string, unknown>[];
                return { rows, changes: rows.length };
              }
              return { rows: [], changes: stmt.run(...values).changes };
            }),
          ),
        ),
      commitPending: () => lock.commit(),
    };
  } else {
    sql = postgresSql(db);
  }
  cache.set(db, sql);
  return sql;
}
