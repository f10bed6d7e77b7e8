// The jobs of a history import, one phase at a time (customers, then orders):
//   export — asks Shopify for a bulk operation of the phase's query;
//   poll   — reads the operation until it ends (the finish webhook runs it at once; timers are the fallback);
//   import — streams the finished file into the projections in batches, each checkpointed, and
//            resumes after a restart from the last checkpoint with an HTTP Range request.
import { z } from "zod";
import type { EventLog } from "~/events/log.server";
import { fallbackDueAt } from "~/orders/delivery";
import { deliveryFallbackDays } from "~/orders/delivery.server";
import { DELIVERY_FALLBACK_JOB } from "~/orders/delivery-fallback.server";
import type { Clock } from "~/platform/clock";
import type { Db } from "~/platform/db.server";
import { AppError } from "~/platform/errors";
import { defineJob } from "~/platform/jobs/registry.server";
import type { EnqueueRequest, JobQueue } from "~/platform/jobs/types";
import { adminClientForShop } from "~/platform/shopify-admin.server";
import { sqlOf } from "~/platform/sql.server";
import { backfillById, EXPORT_JOB, finishBackfill, IMPORT_JOB, isActive, POLL_JOB, type BackfillRow } from "./backfill.server";
import { BulkOperationById, BulkOperationRunQuery, CurrentBulkOperation, type BulkOperation } from "./bulk.operations";
import { historyQuery, type HistoryPhase } from "./history.queries";
import { historyRecord } from "./history-records";
import { batchSize, emptyBatch, writeHistoryBatch, type HistoryBatch } from "./import-batch.server";
import { jsonlLines } from "./jsonl-lines.server";

export interface HistoryJobDeps {
  db: Db;
  clock: Clock;
  jobs: () => JobQueue;
  events: EventLog;
  shopify: { apiVersion: string; originTemplate: string };
  /** Rows (customers + orders + lines) per written batch: small enough to hold the write lock briefly. */
  batchRows?: number;
  /** Pause between polls of a running operation grows from the first to the last. */
  pollMs?: { first: number; max: number };
}

/** A failed export is asked for again this many times (Shopify's TIMEOUT and INTERNAL_SERVER_ERROR pass). */
const MAX_EXPORTS_PER_PHASE = 3;
const DEFAULT_BATCH_ROWS = 1_000;

const ids = z.object({ backfillId: z.string(), shop: z.string() });

function nextPhase(phase: HistoryPhase): HistoryPhase | null {
  return phase === "customers" ? "orders" : null;
}

/**
 * Why an import ended without completing, as a stable code the admin translates (history.error.*):
 * what the merchant can do about it differs (grant a permission, try again).
 */
export type BackfillError =
  | "access_denied_orders"
  | "access_denied_customers"
  | "export_expired"
  | "export_cancelled"
  | "export_failed"
  | "export_gone"
  | "link_expired"
  | "uninstalled";

function exportFailure(op: BulkOperation, phase: HistoryPhase): BackfillError {
  if (op.errorCode === "ACCESS_DENIED") return phase === "orders" ? "access_denied_orders" : "access_denied_customers";
  if (op.status === "EXPIRED") return "export_expired";
  if (op.status === "CANCELED") return "export_cancelled";
  return "export_failed";
}

export function historyJobs(deps: HistoryJobDeps) {
  const batchRows = deps.batchRows ?? DEFAULT_BATCH_ROWS;
  const poll = deps.pollMs ?? { first: 1_000, max: 30_000 };

  async function running(shop: string, backfillId: string): Promise<BackfillRow | null> {
    const b = await backfillById(deps.db, shop, backfillId);
    return b && isActive(b.status) ? b : null;
  }

  async function schedulePoll(b: BackfillRow, operationGid: string, attempt: number) {
    const delay = Math.min(poll.max, poll.first * 1.5 ** attempt);
    await deps
      .jobs()
      .enqueue(
        POLL_JOB,
        { backfillId: b.id, shop: b.shop, operationGid, attempt },
        { key: `history:${b.id}:poll:${operationGid}:${attempt}`, shop: b.shop, runAt: new Date(deps.clock.now().getTime() + delay) },
      );
  }

  /** Asks for the phase's export again (a failure that may pass, or a download link that expired). */
  async function exportAgain(b: BackfillRow, why: BackfillError): Promise<void> {
    if (b.exports >= MAX_EXPORTS_PER_PHASE) {
      await finishBackfill(deps.db, deps.clock, b, "failed", why);
      return;
    }
    await sqlOf(deps.db).run(
      `UPDATE "Backfill" SET "status" = 'exporting', "operationGid" = NULL, "bytesRead" = 0, "fileSize" = NULL, "updatedAt" = ? WHERE "id" = ? AND "shop" = ?`,
      [deps.clock.now(), b.id, b.shop],
    );
    await deps
      .jobs()
      .enqueue(EXPORT_JOB, { backfillId: b.id, shop: b.shop }, { key: `history:${b.id}:export:${b.phase}:${b.exports + 1}`, shop: b.shop });
  }

  const exportJob = defineJob({
    name: EXPORT_JOB,
    schema: ids,
    async run({ backfillId, shop }, ctx) {
      const b = await running(shop, backfillId);
      if (!b || b.operationGid) return;
      const client = await adminClientForShop(deps.db, shop, deps.shopify);
      const query = historyQuery(b.phase, b.since);
      const { bulkOperationRunQuery: result } = await client.request(BulkOperationRunQuery, { query });
      let op = result.bulkOperation;
      if (!op) {
        const busy = result.userErrors.find((e) => e.code === "OPERATION_IN_PROGRESS");
        if (!busy)
          throw new AppError("SHOPIFY_GRAPHQL_ERROR", `bulkOperationRunQuery: ${result.userErrors.map((e) => e.message).join("; ")}`);
        // Ours, if an earlier attempt started it and stopped before recording it; else wait for the other to end.
        const { currentBulkOperation: current } = await client.request(CurrentBulkOperation);
        if (!current || current.query.replace(/\s+/g, " ").trim() !== query.replace(/\s+/g, " ").trim()) {
          throw new AppError("SHOPIFY_UNAVAILABLE", "Another bulk query of this app is running in the shop; trying again later.");
        }
        op = current;
      }
      const now = deps.clock.now();
      await sqlOf(deps.db).run(
        `UPDATE "Backfill" SET "operationGid" = ?, "exports" = "exports" + 1, "objectCount" = 0, "phaseStartedAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "shop" = ?`,
        [op.id, b.exports === 0 ? now : b.phaseStartedAt, now, b.id, shop],
      );
      ctx.log.info({ shop, backfillId, phase: b.phase, operation: op.id }, "history export started");
      await schedulePoll(b, op.id, 0);
    },
  });

  const pollJob = defineJob({
    name: POLL_JOB,
    schema: ids.extend({ operationGid: z.string(), attempt: z.number().int().nonnegative() }),
    async run({ backfillId, shop, operationGid, attempt }) {
      const b = await running(shop, backfillId);
      if (!b || b.operationGid !== operationGid || b.status !== "exporting") return;
      const client = await adminClientForShop(deps.db, shop, deps.shopify);
      const { node: op } = await client.request(BulkOperationById, { id: operationGid });
      if (!op) return void (await exportAgain(b, "export_gone"));
      const sql = sqlOf(deps.db);
      if (op.status === "CREATED" || op.status === "RUNNING" || op.status === "CANCELING") {
        await sql.run(`UPDATE "Backfill" SET "objectCount" = ?, "updatedAt" = ? WHERE "id" = ? AND "shop" = ?`, [
          Number(op.objectCount),
          deps.clock.now(),
          b.id,
          shop,
        ]);
        return void (await schedulePoll(b, operationGid, attempt + 1));
      }
      if (op.status === "COMPLETED") {
        const moved = await sql.run(
          `UPDATE "Backfill" SET "status" = 'importing', "objectCount" = ?, "fileSize" = ?, "bytesRead" = 0, "phaseStartedAt" = ?, "updatedAt" = ?
           WHERE "id" = ? AND "shop" = ? AND "status" = 'exporting' AND "operationGid" = ?`,
          [
            Number(op.objectCount),
            op.fileSize == null ? 0 : Number(op.fileSize),
            deps.clock.now(),
            deps.clock.now(),
            b.id,
            shop,
            operationGid,
          ],
        );
        if (moved) {
          await deps
            .jobs()
            .enqueue(IMPORT_JOB, { backfillId: b.id, shop, operationGid }, { key: `history:${b.id}:import:${operationGid}`, shop });
        }
        return;
      }
      const why = exportFailure(op, b.phase);
      // Failures that pass, and a file gone before we read it, are worth another export.
      if (op.errorCode === "TIMEOUT" || op.errorCode === "INTERNAL_SERVER_ERROR" || op.status === "EXPIRED") {
        return void (await exportAgain(b, why));
      }
      await finishBackfill(deps.db, deps.clock, b, op.status === "CANCELED" ? "cancelled" : "failed", why);
    },
  });

  /** Opens the file from `offset`; null when the link no longer works (expired). */
  async function download(url: string, offset: number): Promise<{ body: AsyncIterable<Uint8Array>; skip: number } | null> {
    const res = await fetch(url, { headers: offset > 0 ? { range: `bytes=${offset}-` } : {} });
    if (res.status === 403 || res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new AppError("SHOPIFY_UNAVAILABLE", `Downloading the export answered ${res.status}`);
    }
    // A server that ignores Range sends the whole file: the part already imported is skipped here.
    return { body: res.body as unknown as AsyncIterable<Uint8Array>, skip: res.status === 206 ? 0 : offset };
  }

  const importJob = defineJob({
    name: IMPORT_JOB,
    schema: ids.extend({ operationGid: z.string() }),
    async run({ backfillId, shop, operationGid }, ctx) {
      const b = await running(shop, backfillId);
      if (!b || b.status !== "importing" || b.operationGid !== operationGid) return;
      const client = await adminClientForShop(deps.db, shop, deps.shopify);
      const { node: op } = await client.request(BulkOperationById, { id: operationGid });
      const file = op?.url ? await download(op.url, b.bytesRead) : null;
      if (!file) return void (await exportAgain(b, "link_expired"));
      const fallbackDays = await deliveryFallbackDays(deps.db, shop);
      const checkpoint = { backfillId, bytesRead: b.bytesRead, skipped: { ...b.skipped } };
      let batch: HistoryBatch = emptyBatch();
      let timers: EnqueueRequest[] = [];
      let reached = b.bytesRead;
      const flush = async () => {
        checkpoint.bytesRead = reached;
        // The merchant may have cancelled meanwhile: stop without writing more.
        if (!(await running(shop, backfillId))) return false;
        await writeHistoryBatch(deps.db, deps.events, shop, batch, checkpoint, deps.clock.now());
        if (timers.length) await deps.jobs().enqueueMany(timers);
        batch = emptyBatch();
        timers = [];
        return true;
      };
      const skip = (reason: string) => (checkpoint.skipped[reason] = (checkpoint.skipped[reason] ?? 0) + 1);
      for await (const line of jsonlLines(file.body, file.skip ? 0 : b.bytesRead)) {
        if (line.end <= file.skip) continue;
        reached = line.end;
        let value: unknown;
        try {
          value = JSON.parse(line.text);
        } catch {
          skip("unreadable");
          continue;
        }
        const record = historyRecord(value, { fallbackDays, now: deps.clock.now() });
        switch (record.kind) {
          case "customer":
            batch.customers.push(record.customer);
            batch.events.push(...record.events);
            break;
          case "order":
            batch.orders.push(record.order);
            batch.fulfilments.push(...record.fulfilments);
            batch.refunds.push(...record.refunds);
            batch.events.push(...record.events);
            for (const f of record.pendingFallback) {
              const due = fallbackDueAt(f, fallbackDays);
              if (!due) continue;
              timers.push({
                name: DELIVERY_FALLBACK_JOB,
                payload: { shop, orderGid: record.order.orderGid },
                options: { key: `delivery-fallback:${shop}:${f.fulfillmentGid}`, runAt: due, shop },
              });
            }
            break;
          case "line":
            batch.lines.push(record.line);
            break;
          case "skipped":
            skip(record.reason);
            break;
        }
        if (batchSize(batch) >= batchRows && !(await flush())) return;
      }
      if (!(await flush())) return;
      const done = (await backfillById(deps.db, shop, backfillId))!;
      ctx.log.info(
        { shop, backfillId, phase: done.phase, customers: done.customersImported, orders: done.ordersImported },
        "history phase imported",
      );
      const next = nextPhase(done.phase);
      if (!next) return void (await finishBackfill(deps.db, deps.clock, done, "completed", null));
      const now = deps.clock.now();
      await sqlOf(deps.db).run(
        `UPDATE "Backfill" SET "phase" = ?, "status" = 'exporting', "operationGid" = NULL, "exports" = 0, "objectCount" = 0, "fileSize" = NULL,
           "bytesRead" = 0, "phaseStartedAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "shop" = ? AND "status" = 'importing'`,
        [next, now, now, backfillId, shop],
      );
      await deps.jobs().enqueue(EXPORT_JOB, { backfillId, shop }, { key: `history:${backfillId}:export:${next}:1`, shop });
    },
  });

  return [exportJob, pollJob, importJob];
}
