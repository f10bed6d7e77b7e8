// The inbox's write path: a group of deliveries stored in one round trip, reporting which webhook
// ids were new. SQLite: one statement prepared once and run per delivery inside one immediate
// transaction, on the hot paths' own connection (sql.server.ts); each run's changed-row count says
// new (1) or duplicate (0), so no lookup comes first, and the body is bound as bytes and stored as
// text by SQLite itself. A locked database fails at once and is retried after a pause, never waited
// on in place. PostgreSQL: straight on node-postgres (not through Prisma's query compiler), one
// prepared multi-row INSERT … ON CONFLICT DO NOTHING RETURNING, several groups in flight at once,
// so any number of web processes can ingest into one database.
import { openPgPool, pgTimestamp } from "~/platform/pg-pool.server";
import { dialectOf, onDisconnect, postgresUrlOf, type Db } from "~/platform/db.server";
import { sqlOf } from "~/platform/sql.server";
import type { IncomingDelivery } from "./inbox-writer.server";

export interface InboxSink {
  /** Stores the deliveries not stored yet; returns the webhook ids that were new. */
  insertDeliveries(deliveries: IncomingDelivery[], receivedAt: Date): Promise<Set<string>>;
}

const SQLITE_INSERT = `INSERT INTO "WebhookDelivery" ("webhookId", "shop", "topic", "apiVersion", "eventId", "triggeredAt", "payload", "status", "receivedAt", "attempts")
  VALUES (?, ?, ?, ?, ?, ?, CAST(? AS TEXT), 'received', ?, 0) ON CONFLICT ("webhookId") DO NOTHING`;

/** Connections the PostgreSQL inbox writes on; as many groups can be in flight at once. */
export const PG_INBOX_CONNECTIONS = 4;
/** The most deliveries in one PostgreSQL round trip (7 parameters each). */
export const PG_INBOX_MAX_GROUP = 128;

/**
 * One multi-row INSERT per group size, prepared once per connection under its own name. Each value
 * is its own parameter, so the 8 KB bodies travel as they are (bound as bytes: binary format, which
 * PostgreSQL takes as UTF-8 text and checks) instead of escaped into an array literal.
 */
const pgInserts = new Map<number, { name: string; text: string }>();
function pgInsert(rows: number) {
  let statement = pgInserts.get(rows);
  if (!statement) {
    const values = Array.from({ length: rows }, (_, r) => {
      const p = (c: number) => `$${r * 7 + c + 2}`;
      return `(${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, 'received', $1::timestamp(3), 0)`;
    });
    statement = {
      name: `aftercare_inbox_insert_${rows}`,
      text: `INSERT INTO "WebhookDelivery" ("webhookId", "shop", "topic", "apiVersion", "eventId", "triggeredAt", "payload", "status", "receivedAt", "attempts")
    VALUES ${values.join(", ")} ON CONFLICT ("webhookId") DO NOTHING RETURNING "webhookId"`,
    };
    pgInserts.set(rows, statement);
  }
  return statement;
}

export function createInboxSink(db: Db): InboxSink {
  const databaseUrl = postgresUrlOf(db);
  if (dialectOf(db) === "postgresql" && databaseUrl) {
    const pool = openPgPool(databaseUrl, PG_INBOX_CONNECTIONS);
    onDisconnect(db, () => void pool.end());
    const insertGroup = async (group: IncomingDelivery[], receivedAt: string) => {
      const values: unknown[] = [receivedAt];
      for (const d of group) values.push(d.webhookId, d.shop, d.topic, d.apiVersion, d.eventId, d.triggeredAt, d.payload);
      const { rows } = await pool.query<{ webhookId: string }>({ ...pgInsert(group.length), values });
      return rows.map((r) => r.webhookId);
    };
    return {
      async insertDeliveries(deliveries, receivedAt) {
        const at = pgTimestamp(receivedAt);
        const inserted = new Set<string>();
        for (let i = 0; i < deliveries.length; i += PG_INBOX_MAX_GROUP) {
          for (const id of await insertGroup(deliveries.slice(i, i + PG_INBOX_MAX_GROUP), at)) inserted.add(id);
        }
        return inserted;
      },
    };
  }
  const sql = sqlOf(db);
  return {
    async insertDeliveries(deliveries, receivedAt) {
      const changes = await sql.runEach(
        SQLITE_INSERT,
        deliveries.map((d) => [d.webhookId, d.shop, d.topic, d.apiVersion, d.eventId, d.triggeredAt, d.payload, receivedAt]),
      );
      // A webhook id twice in one group: the first run inserts, the second changes nothing.
      return new Set(deliveries.filter((_, i) => changes[i] === 1).map((d) => d.webhookId));
    },
  };
}
