// WAL checkpoints off the request path. With autocheckpoint off on the connections that answer
// webhooks, the WAL only shrinks when someone checkpoints it: this does, from the background side.
// Passive checkpoints, often, copy what they can without waiting for anyone, so the WAL stays
// mostly copied; once it passes WAL_SIZE_LIMIT anyway (a long burst outpacing them), a truncating
// checkpoint waits a moment for writers to pause — they are held off that long, and retry — so a
// burst cannot grow the WAL without bound.
import fs from "node:fs";
import Database from "libsql";
import type { Logger } from "pino";
import { onDisconnect, sqliteFileOf, WAL_SIZE_LIMIT, type Db } from "./db.server";
import { sqlOf } from "./sql.server";

export interface Checkpoints {
  /** The largest WAL file seen, in bytes. */
  largestWalBytes(): number;
  stop(): Promise<void>;
}

/** How long a truncating checkpoint waits for writers and readers to pause. */
const TRUNCATE_WAIT_MS = 200;

export function startCheckpoints(db: Db, log: Logger, everyMs = 200): Checkpoints | undefined {
  const file = sqliteFileOf(db);
  if (!file) return undefined;
  const conn = new Database(file);
  let largest = 0;
  const walSize = () => fs.statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  const checkpoint = () => {
    const size = walSize();
    largest = Math.max(largest, size);
    const truncate = size > WAL_SIZE_LIMIT;
    try {
      if (truncate) {
        // This thread's own open group would be what the wait is for: hand the lock over first.
        sqlOf(db).commitPending();
        conn.pragma(`busy_timeout = ${TRUNCATE_WAIT_MS}`);
      }
      conn.pragma(`wal_checkpoint(${truncate ? "TRUNCATE" : "PASSIVE"})`);
    } catch (error) {
      // Busy now: the next tick tries again.
      log.debug({ err: error }, "WAL checkpoint deferred");
    } finally {
      if (truncate) conn.pragma("busy_timeout = 0");
    }
  };
  conn.pragma("busy_timeout = 0");
  const timer = setInterval(checkpoint, everyMs);
  timer.unref();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    checkpoint();
    conn.close();
  };
  onDisconnect(db, () => void stop());
  return { largestWalBytes: () => Math.max(largest, walSize()), stop };
}
