// Waiting for a SQLite database without blocking the thread. Connections run with busy_timeout 0:
// a statement that finds the file locked fails at once and is tried again after a pause, so the
// event loop keeps turning — and the lock holder, which may be on this very thread (the other
// connection, a group commit), gets to finish. Never a synchronous wait.
const GIVE_UP_MS = 5_000;

/** Errors that mean "try again in a moment": the file is locked, or the one connection is in a transaction. */
export function isMomentary(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return /SQLITE_BUSY|SQLITE_LOCKED|TRANSACTION_ACTIVE|WRITER_WAITING|database is locked/.test(`${e?.code ?? ""} ${e?.message ?? ""}`);
}

/**
 * Retries `attempt` while the database is momentarily unavailable, pausing 1, 2, 4… ms between
 * tries, at most `maxPauseMs` (a thread that has precedence for the lock keeps it short).
 */
export async function whenAvailable<T>(attempt: () => Promise<T>, giveUpMs = GIVE_UP_MS, maxPauseMs = 50): Promise<T> {
  const deadline = Date.now() + giveUpMs;
  for (let pause = 1; ; pause = Math.min(pause * 2, maxPauseMs)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isMomentary(error) || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}
