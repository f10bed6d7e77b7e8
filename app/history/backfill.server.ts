// History imports: starting one (on install, or the merchant's click), one per shop at a time,
// reading where one stands for the admin, cancelling one, and reacting to Shopify's word that a
// bulk operation finished. The work itself runs as jobs (backfill-jobs.server.ts).
import crypto from "node:crypto";
import { z } from "zod";
import type { Clock } from "~/platform/clock";
import type { Db } from "~/platform/db.server";
import type { JobQueue } from "~/platform/jobs/types";
import { asDate, sqlOf } from "~/platform/sql.server";
import type { WebhookContext } from "~/webhooks/handler";
import { gidField } from "~/webhooks/payload-fields";
import type { HistoryPhase } from "./history.queries";

export const EXPORT_JOB = "history.export";
export const POLL_JOB = "history.poll";
export const IMPORT_JOB = "history.import";

export const DEFAULT_BACKFILL_DAYS = 365;
export const MAX_BACKFILL_DAYS = 3_650;

export type BackfillStatus = "exporting" | "importing" | "completed" | "failed" | "cancelled";
const ACTIVE: BackfillStatus[] = ["exporting", "importing"];

export interface BackfillRow {
  id: string;
  shop: string;
  status: BackfillStatus;
  phase: HistoryPhase;
  since: Date;
  operationGid: string | null;
  objectCount: number;
  fileSize: number | null;
  bytesRead: number;
  customersImported: number;
  ordersImported: number;
  skipped: Record<string, number>;
  exports: number;
  error: string | null;
  requestedBy: string;
  startedAt: Date;
  phaseStartedAt: Date;
  finishedAt: Date | null;
  updatedAt: Date;
}

const COLUMNS = `"id", "shop", "status", "phase", "since", "operationGid", "objectCount", "fileSize", "bytesRead", "customersImported",
  "ordersImported", "skipped", "exports", "error", "requestedBy", "startedAt", "phaseStartedAt", "finishedAt", "updatedAt"`;

function backfillOf(r: Record<string, unknown>): BackfillRow {
  return {
    id: String(r.id),
    shop: String(r.shop),
    status: r.status as BackfillStatus,
    phase: r.phase as HistoryPhase,
    since: asDate(r.since)!,
    operationGid: (r.operationGid as string | null) ?? null,
    objectCount: Number(r.objectCount),
    fileSize: r.fileSize == null ? null : Number(r.fileSize),
    bytesRead: Number(r.bytesRead),
    customersImported: Number(r.customersImported),
    ordersImported: Number(r.ordersImported),
    skipped: JSON.parse(String(r.skipped ?? "{}")) as Record<string, number>,
    exports: Number(r.exports),
    error: (r.error as string | null) ?? null,
    requestedBy: String(r.requestedBy),
    startedAt: asDate(r.startedAt)!,
    phaseStartedAt: asDate(r.phaseStartedAt)!,
    finishedAt: asDate(r.finishedAt),
    updatedAt: asDate(r.updatedAt)!,
  };
}

export async function backfillById(db: Db, shop: string, id: string): Promise<BackfillRow | null> {
  const [row] = await sqlOf(db).all(`SELECT ${COLUMNS} FROM "Backfill" WHERE "shop" = ? AND "id" = ?`, [shop, id]);
  return row ? backfillOf(row) : null;
}

/** The shop's latest import (running or not), or null when it never had one. */
export async function latestBackfill(db: Db, shop: string): Promise<BackfillRow | null> {
  const [row] = await sqlOf(db).all(`SELECT ${COLUMNS} FROM "Backfill" WHERE "shop" = ? ORDER BY "startedAt" DESC LIMIT 1`, [shop]);
  return row ? backfillOf(row) : null;
}

export type StartResult = { started: true; backfill: BackfillRow } | { started: false; reason: "running"; backfill: BackfillRow };

const DAY_MS = 86_400_000;

/**
 * Starts an import of the last `days` days of orders (the shop's setting when not given) and every
 * customer, unless one is running for the shop: the claim is one conditional update of the shop's
 * row, so two clicks (or an install racing a click) start one import.
 */
export async function startBackfill(
  deps: { db: Db; jobs: JobQueue; clock: Clock },
  shop: string,
  o: { requestedBy: "install" | "merchant"; days?: number },
): Promise<StartResult> {
  const { db, jobs, clock } = deps;
  const sql = sqlOf(db);
  const now = clock.now();
  const [settings] = await sql.all<{ backfillDays: number }>(`SELECT "backfillDays" FROM "Shop" WHERE "shop" = ?`, [shop]);
  const days = Math.min(MAX_BACKFILL_DAYS, Math.max(1, o.days ?? (settings ? Number(settings.backfillDays) : DEFAULT_BACKFILL_DAYS)));
  const id = crypto.randomUUID();
  await sql.run(
    `INSERT INTO "Backfill" ("id", "shop", "status", "phase", "since", "requestedBy", "startedAt", "phaseStartedAt", "updatedAt")
     VALUES (?, ?, 'exporting', 'customers', ?, ?, ?, ?, ?)`,
    [id, shop, new Date(now.getTime() - days * DAY_MS), o.requestedBy, now, now, now],
  );
  // Free when no import is recorded as running, or the one recorded has ended (or was removed).
  const claimed = await sql.run(
    `UPDATE "Shop" SET "activeBackfillId" = ? WHERE "shop" = ? AND ("activeBackfillId" IS NULL OR NOT EXISTS (
       SELECT 1 FROM "Backfill" b WHERE b."id" = "Shop"."activeBackfillId" AND b."status" IN ('exporting', 'importing')))`,
    [id, shop],
  );
  if (!claimed) {
    await sql.run(`DELETE FROM "Backfill" WHERE "id" = ?`, [id]);
    const running = await activeBackfill(db, shop);
    if (running) return { started: false, reason: "running", backfill: running };
    throw new Error(`no shop ${shop} to import history for`);
  }
  await jobs.enqueue(EXPORT_JOB, { backfillId: id, shop }, { key: `history:${id}:export:customers:1`, shop });
  return { started: true, backfill: (await backfillById(db, shop, id))! };
}

export async function activeBackfill(db: Db, shop: string): Promise<BackfillRow | null> {
  const [row] = await sqlOf(db).all(
    `SELECT ${COLUMNS.replace(/"(\w+)"/g, 'b."$1"')} FROM "Backfill" b JOIN "Shop" s ON s."activeBackfillId" = b."id" WHERE s."shop" = ? AND b."status" IN ('exporting', 'importing')`,
    [shop],
  );
  return row ? backfillOf(row) : null;
}

/** Ends an import for good (completed, failed with why, or cancelled) and frees the shop for the next. */
export async function finishBackfill(
  db: Db,
  clock: Clock,
  b: Pick<BackfillRow, "id" | "shop">,
  status: BackfillStatus,
  error: string | null,
) {
  const sql = sqlOf(db);
  const now = clock.now();
  const changed = await sql.run(
    `UPDATE "Backfill" SET "status" = ?, "error" = ?, "finishedAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "shop" = ? AND "status" IN ('exporting', 'importing')`,
    [status, error, now, now, b.id, b.shop],
  );
  await sql.run(`UPDATE "Shop" SET "activeBackfillId" = NULL WHERE "shop" = ? AND "activeBackfillId" = ?`, [b.shop, b.id]);
  return changed > 0;
}

/** The merchant stops a running import: what is imported stays, the rest is not fetched. */
export async function cancelBackfill(db: Db, clock: Clock, shop: string): Promise<BackfillRow | null> {
  const running = await activeBackfill(db, shop);
  if (!running) return null;
  await finishBackfill(db, clock, running, "cancelled", null);
  return backfillById(db, shop, running.id);
}

export function isActive(status: BackfillStatus) {
  return ACTIVE.includes(status);
}

const finishPayload = z.object({
  admin_graphql_api_id: gidField,
  status: z.string().nullish(),
  error_code: z.string().nullish(),
  type: z.string().nullish(),
});

/**
 * bulk_operations/finish: Shopify says an operation ended. If it is the running import's, the
 * import goes on (or fails) at once, without waiting for the next poll. The poll job does the same
 * on its own, so a lost webhook only costs time; the import job's key makes the two one.
 */
export async function onBulkOperationFinish({ db, jobs, shop, payload }: WebhookContext) {
  const p = finishPayload.parse(payload);
  if (p.type && p.type.toLowerCase() !== "query") return;
  const [row] = await sqlOf(db).all<{ id: string }>(
    `SELECT "id" FROM "Backfill" WHERE "shop" = ? AND "operationGid" = ? AND "status" = 'exporting'`,
    [shop, p.admin_graphql_api_id],
  );
  if (!row) return;
  await jobs.enqueue(
    POLL_JOB,
    { backfillId: row.id, shop, operationGid: p.admin_graphql_api_id, attempt: 0 },
    { key: `history:${row.id}:finished:${p.admin_graphql_api_id}`, shop },
  );
}
