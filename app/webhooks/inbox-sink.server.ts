// The inbox's write path: one multi-row INSERT … ON CONFLICT DO NOTHING per batch, reporting
// which webhook ids were new. PostgreSQL: through Prisma with RETURNING. SQLite: through the
// libsql connection under Prisma directly — Prisma's per-query overhead (~1 ms) would otherwise
// be paid for every batch on the hottest path. Sharing the one connection means no lock
// contention with Prisma in this process; a lock held by another process (a second instance on
// the same file) is retried without blocking the event loop.
import { dialectOf, placeholders, sqliteClientOf, type Db } from "~/platform/db.server";

export interface InboxSink {
  /** Inserts `count` rows of the 10 inbox columns (flat `params`); returns the webhook ids that were new. */
  insertDeliveries(count: number, params: unknown[]): Promise<Set<string>>;
}

const COLUMNS = ["webhookId", "shop", "topic", "apiVersion", "eventId", "triggeredAt", "payload", "status", "receivedAt"];
const insertSql = (values: string, returning = true) =>
  `INSERT INTO "WebhookDelivery" (${COLUMNS.map((c) => `"${c}"`).join(", ")}, "attempts")
   VALUES ${values} ON CONFLICT ("webhookId") DO NOTHING${returning ? ` RETURNING "webhookId"` : ""}`;

const BUSY_RETRY_MS = 2;
const BUSY_GIVE_UP_MS = 5_000;

export function createInboxSink(db: Db): InboxSink {
  if (dialectOf(db) === "postgresql") {
    return {
      async insertDeliveries(count, params) {
        const values = Array.from({ length: count }, (_, i) => `(${placeholders(db, COLUMNS.length, i * COLUMNS.length)}, 0)`);
        const rows = await db.$queryRawUnsafe<{ webhookId: string }[]>(insertSql(values.join(", ")), ...params);
        return new Set(rows.map((r) => r.webhookId));
      },
    };
  }
  const client = sqliteClientOf(db);
  if (!client) throw new Error("SQLite Prisma client without its libsql connection");
  const row = `(${COLUMNS.map(() => "?").join(", ")}, 0)`;
  return {
    async insertDeliveries(count, params) {
      // Same text form Prisma's libsql adapter writes, so ordering and comparisons agree.
      const args = params.map((p) => (p instanceof Date ? p.toISOString().replace("Z", "+00:00") : (p as string | null)));
      const ids = args.filter((_, i) => i % COLUMNS.length === 0) as string[];
      // One transaction: which ids are already stored, then insert the rest. Cheaper than
      // RETURNING on SQLite, and exact: both statements see the same snapshot.
      const statements = [
        { sql: `SELECT "webhookId" FROM "WebhookDelivery" WHERE "webhookId" IN (${ids.map(() => "?").join(", ")})`, args: ids },
        { sql: insertSql(Array.from({ length: count }, () => row).join(", "), false), args },
      ];
      const deadline = Date.now() + BUSY_GIVE_UP_MS;
      for (;;) {
        try {
          const [existing] = await client.batch(statements, "write");
          const stored = new Set(ids);
          for (const r of existing.rows) stored.delete(String(r.webhookId));
          return stored;
        } catch (error) {
          // Another process holds the file lock, or a Prisma transaction in this process holds
          // the connection: wait without blocking the event loop, then try again.
          const retry = /SQLITE_BUSY|database is locked|TRANSACTION_ACTIVE/.test(
            `${(error as { code?: string }).code} ${(error as Error).message}`,
          );
          if (!retry || Date.now() > deadline) throw error;
          await new Promise((r) => setTimeout(r, BUSY_RETRY_MS));
        }
      }
    },
  };
}
