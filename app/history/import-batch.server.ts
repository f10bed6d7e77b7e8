// Writes a batch of imported history into the same projections the webhooks write, with the same
// newer-wins rule (a live webhook's newer version is never overwritten), and the history events,
// in one transaction; then moves the import's checkpoint past it. A restart resumes after the last
// checkpoint: a batch written but not checkpointed is written again, which changes nothing (equal
// versions, keys already present) and is counted then, since its first count was never recorded.
import type { EventLog } from "~/events/log.server";
import { insertManyIfAbsent, upsertManyIfNewer } from "~/platform/atomic-writes.server";
import type { Db } from "~/platform/db.server";
import { sqlOf, type Statement } from "~/platform/sql.server";
import type { NewEvent } from "~/events/types";
import type { CustomerRow, FulfilmentRow, LineRow, OrderRow, RefundRow } from "./history-records";

export interface HistoryBatch {
  customers: CustomerRow[];
  orders: OrderRow[];
  fulfilments: FulfilmentRow[];
  refunds: RefundRow[];
  lines: LineRow[];
  events: NewEvent[];
}

export function emptyBatch(): HistoryBatch {
  return { customers: [], orders: [], fulfilments: [], refunds: [], lines: [], events: [] };
}

export function batchSize(b: HistoryBatch) {
  return b.customers.length + b.orders.length + b.lines.length;
}

export interface Checkpoint {
  backfillId: string;
  bytesRead: number;
  skipped: Record<string, number>;
}

export interface BatchOutcome {
  customersImported: number;
  ordersImported: number;
  /** Rows the app already held in a newer version (a live webhook won). */
  newerInApp: number;
}

/** The last version of each resource in the batch (a file lists each once; this keeps a repeat harmless). */
function latest<T>(rows: T[], key: (r: T) => string, version: (r: T) => Date): T[] {
  const byKey = new Map<string, T>();
  for (const r of rows) {
    const seen = byKey.get(key(r));
    if (!seen || version(seen).getTime() <= version(r).getTime()) byKey.set(key(r), r);
  }
  return [...byKey.values()];
}

export async function writeHistoryBatch(
  db: Db,
  events: EventLog,
  shop: string,
  batch: HistoryBatch,
  checkpoint: Checkpoint,
  now: Date,
): Promise<BatchOutcome> {
  const customers = latest(
    batch.customers,
    (c) => c.customerGid,
    (c) => c.shopifyUpdatedAt,
  );
  const orders = latest(
    batch.orders,
    (o) => o.orderGid,
    (o) => o.shopifyUpdatedAt,
  );
  const fulfilments = latest(
    batch.fulfilments,
    (f) => f.fulfillmentGid,
    (f) => f.shopifyUpdatedAt,
  );
  const customerStatements = upsertManyIfNewer(
    {
      table: "Customer",
      conflict: ["shop", "customerGid"],
      version: "shopifyUpdatedAt",
      rows: customers.map((c) => ({ shop, ...c })),
      returning: ["customerGid"],
    },
    now,
  );
  const orderStatements = upsertManyIfNewer(
    {
      table: "Order",
      conflict: ["shop", "orderGid"],
      version: "shopifyUpdatedAt",
      rows: orders.map((o) => ({ shop, ...o })),
      keepStored: ["deliveredAt", "deliverySource"],
      nullMeans: ["fulfillmentStatus"],
      returning: ["orderGid"],
    },
    now,
  );
  const statements: Statement[] = [
    ...customerStatements,
    ...orderStatements,
    ...upsertManyIfNewer(
      {
        table: "Fulfillment",
        conflict: ["shop", "fulfillmentGid"],
        version: "shopifyUpdatedAt",
        rows: fulfilments.map((f) => ({ shop, ...f })),
        keepStored: ["deliveredAt"],
        returning: ["fulfillmentGid"],
      },
      now,
    ),
    // Lines are only ever added to an order, and refunds never change: what is stored stands.
    ...insertManyIfAbsent(
      "OrderLine",
      ["shop", "lineItemGid"],
      batch.lines.map((l) => ({ shop, ...l })),
    ),
    ...insertManyIfAbsent(
      "Refund",
      ["shop", "refundGid"],
      batch.refunds.map((r) => ({ shop, ...r, lines: "[]", createdAt: now })),
    ),
    // History events start no flow unless a subscriber asks for history; those are dispatched by the sweep.
    ...events.statement(shop, batch.events, { source: "backfill", history: true, returning: false }),
  ];
  const sql = sqlOf(db);
  const results = await sql.batch(statements);
  const returned = (from: number, count: number) => results.slice(from, from + count).reduce((n, r) => n + r.rows.length, 0);
  const customersImported = returned(0, customerStatements.length);
  const ordersImported = returned(customerStatements.length, orderStatements.length);
  const outcome = {
    customersImported,
    ordersImported,
    newerInApp: customers.length - customersImported + (orders.length - ordersImported),
  };
  const skipped = { ...checkpoint.skipped };
  if (outcome.newerInApp) skipped.newer_in_app = (skipped.newer_in_app ?? 0) + outcome.newerInApp;
  checkpoint.skipped = skipped;
  await sql.run(
    `UPDATE "Backfill" SET "bytesRead" = ?, "customersImported" = "customersImported" + ?, "ordersImported" = "ordersImported" + ?,
       "skipped" = ?, "updatedAt" = ? WHERE "id" = ? AND "shop" = ?`,
    [checkpoint.bytesRead, customersImported, ordersImported, JSON.stringify(skipped), now, checkpoint.backfillId, shop],
  );
  return outcome;
}
