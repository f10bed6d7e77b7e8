// The after-sales event log's write side: appends events once (shop + key) in batched statements,
// and hands each new event to its subscribers as one keyed job per (event, subscriber). The
// `dispatched` flag is an outbox: an event whose jobs were not yet enqueued (a crash in between)
// is found by `sweep` and enqueued then; job keys make a second hand-off harmless.
import type { Logger } from "pino";
import { orderedId } from "~/platform/ids";
import { rowChunks, valuesText } from "~/platform/atomic-writes.server";
import type { Clock } from "~/platform/clock";
import type { Db } from "~/platform/db.server";
import type { JobQueue } from "~/platform/jobs/types";
import { asDate, sqlOf } from "~/platform/sql.server";
import type { EventSource, NewEvent, StoredEvent } from "./types";
import { isEventType } from "./types";
import type { SubscriberTable, Subscriber } from "./subscriber";

export const DELIVER_EVENT_JOB = "event.deliver";

export interface AppendOptions {
  source: EventSource;
  /** From the history import: stored and shown, but no flow reacts to it. */
  history?: boolean;
  /** Whether the statement names the events it added (needed to dispatch them). Default true. */
  returning?: boolean;
}

/** A row of the log with what dispatching needs. */
interface Appended {
  id: string;
  shop: string;
  type: string;
  history: boolean;
}

const COLUMNS = [
  "id",
  "shop",
  "key",
  "type",
  "orderGid",
  "customerGid",
  "occurredAt",
  "history",
  "source",
  "detail",
  "dispatched",
  "createdAt",
];
/** Events marked dispatched per UPDATE. */
const CHUNK = 400;

const insertTexts = new Map<string, string>();

/** The INSERT for `rows` events; RETURNING names the new ones, for dispatching. */
function insertText(rows: number, returning: boolean): string {
  const key = `${rows}:${returning}`;
  let text = insertTexts.get(key);
  if (!text) {
    text =
      `INSERT INTO "AfterSalesEvent" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${valuesText(COLUMNS.length, rows)} ` +
      `ON CONFLICT ("shop", "key") DO NOTHING${returning ? ` RETURNING "id", "shop", "type", "history"` : ""}`;
    insertTexts.set(key, text);
  }
  return text;
}

export function eventJobKey(eventId: string, subscriber: string) {
  return `event:${eventId}:${subscriber}`;
}

export class EventLog {
  constructor(
    private readonly db: Db,
    private readonly jobs: () => JobQueue,
    private readonly table: SubscriberTable,
    private readonly clock: Clock,
  ) {}

  /** Who reacts to an event of this type (none for history events unless a subscriber asks for them). */
  subscribersOf(type: string, history: boolean): Subscriber[] {
    const list = isEventType(type) ? (this.table[type] ?? []) : [];
    return history ? list.filter((s) => s.history) : list;
  }

  subscriber(type: string, name: string): Subscriber | undefined {
    return isEventType(type) ? this.table[type]?.find((s) => s.name === name) : undefined;
  }

  /**
   * Appends the events not yet in the log and enqueues their subscribers' jobs; returns how many
   * were new. Safe to repeat with the same events: keys make the second call a no-op.
   */
  async append(shop: string, events: NewEvent[], o: AppendOptions): Promise<number> {
    if (!events.length) return 0;
    const appended = await this.insert(shop, events, o);
    await this.dispatch(appended.filter((e) => this.subscribersOf(e.type, e.history).length > 0));
    return appended.length;
  }

  /** The insert alone, for callers that batch it with other writes; dispatch the result after. */
  statement(shop: string, events: NewEvent[], o: AppendOptions): { sql: string; args: unknown[] }[] {
    const now = this.clock.now();
    const history = o.history ?? false;
    const out: { sql: string; args: unknown[] }[] = [];
    for (const chunk of rowChunks(events)) {
      const args: unknown[] = [];
      for (const e of chunk) {
        args.push(
          orderedId(),
          shop,
          e.key,
          e.type,
          e.orderGid ?? null,
          e.customerGid ?? null,
          e.occurredAt,
          history,
          o.source,
          JSON.stringify(e.detail),
          this.subscribersOf(e.type, history).length === 0,
          now,
        );
      }
      out.push({ sql: insertText(chunk.length, o.returning ?? true), args });
    }
    return out;
  }

  private async insert(shop: string, events: NewEvent[], o: AppendOptions): Promise<Appended[]> {
    const sql = sqlOf(this.db);
    const appended: Appended[] = [];
    for (const s of this.statement(shop, events, o)) {
      for (const row of await sql.all<Appended>(s.sql, s.args)) appended.push({ ...row, history: Boolean(row.history) });
    }
    return appended;
  }

  /** Enqueues one job per (event, subscriber) and marks the events dispatched. */
  async dispatch(events: Appended[]): Promise<void> {
    if (!events.length) return;
    const requests = events.flatMap((e) =>
      this.subscribersOf(e.type, e.history).map((s) => ({
        name: DELIVER_EVENT_JOB,
        payload: { eventId: e.id, subscriber: s.name },
        options: { key: eventJobKey(e.id, s.name), shop: e.shop },
      })),
    );
    if (requests.length) await this.jobs().enqueueMany(requests);
    const sql = sqlOf(this.db);
    for (let i = 0; i < events.length; i += CHUNK) {
      const ids = events.slice(i, i + CHUNK).map((e) => e.id);
      await sql.run(`UPDATE "AfterSalesEvent" SET "dispatched" = ? WHERE "id" IN (${ids.map(() => "?").join(", ")})`, [true, ...ids]);
    }
  }

  /** Dispatches events a crash left undispatched (older than `graceMs`, so in-flight appends finish first). */
  async sweep(log: Logger, graceMs = 2_000, limit = 500): Promise<number> {
    const before = new Date(this.clock.now().getTime() - graceMs);
    const rows = await sqlOf(this.db).all<Appended>(
      `SELECT "id", "shop", "type", "history" FROM "AfterSalesEvent" WHERE "dispatched" = ? AND "createdAt" < ? ORDER BY "createdAt" LIMIT ?`,
      [false, before, limit],
    );
    if (!rows.length) return 0;
    const events = rows.map((r) => ({ ...r, history: Boolean(r.history) }));
    await this.dispatch(events);
    log.info({ events: events.length }, "dispatched events a restart had left");
    return events.length;
  }

  /** One stored event by id (for its subscriber job). */
  async byId(id: string): Promise<StoredEvent | null> {
    const [row] = await sqlOf(this.db).all<Record<string, unknown>>(
      `SELECT "id", "shop", "key", "type", "orderGid", "customerGid", "occurredAt", "history", "source", "detail" FROM "AfterSalesEvent" WHERE "id" = ?`,
      [id],
    );
    if (!row || !isEventType(String(row.type))) return null;
    return {
      id: String(row.id),
      shop: String(row.shop),
      key: String(row.key),
      type: row.type as StoredEvent["type"],
      orderGid: (row.orderGid as string | null) ?? null,
      customerGid: (row.customerGid as string | null) ?? null,
      occurredAt: asDate(row.occurredAt)!,
      history: Boolean(row.history),
      source: row.source as EventSource,
      detail: JSON.parse(String(row.detail)) as Record<string, unknown>,
    };
  }
}
