// The one-click CSAT answer of the delivery follow-up. One answer per order: the first click records
// it, a click on another score changes it (counted once, never twice), the same score again changes
// nothing. Each answer and change is on the order's timeline; a score of 2 or less alerts the merchant
// on the overview until they mark it handled.
import type { EventLog } from "~/events/log.server";
import type { Db } from "~/platform/db.server";
import { orderedId } from "~/platform/ids";
import { sqlOf } from "~/platform/sql.server";

export const LOW_SCORE = 2;

export interface CsatAnswer {
  score: number;
  /** Null on the first answer; the earlier score when this click changed it. */
  previous: number | null;
  /** False when the click repeated the recorded score. */
  changed: boolean;
  comment: string | null;
}

export async function recordCsat(
  deps: { db: Db; events: EventLog },
  shop: string,
  orderGid: string,
  customerGid: string | null,
  score: number,
  now: Date,
): Promise<CsatAnswer> {
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new RangeError("a CSAT score is 1 to 5");
  const sql = sqlOf(deps.db);
  const inserted = await sql.run(
    `INSERT INTO "CsatResponse" ("id", "shop", "orderGid", "customerGid", "score", "answeredAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("shop", "orderGid") DO NOTHING`,
    [orderedId(), shop, orderGid, customerGid, score, now, now],
  );
  let previous: number | null = null;
  let changes = 0;
  let comment: string | null = null;
  if (!inserted) {
    const [row] = await sql.all<{ score: number; changes: number; comment: string | null }>(
      `SELECT "score", "changes", "comment" FROM "CsatResponse" WHERE "shop" = ? AND "orderGid" = ?`,
      [shop, orderGid],
    );
    comment = row.comment ?? null;
    if (Number(row.score) === score) return { score, previous: null, changed: false, comment };
    // Changed only if still the score we read, so two clicks at once cannot both count as the change.
    const moved = await sql.run(
      `UPDATE "CsatResponse" SET "score" = ?, "changes" = "changes" + 1, "answeredAt" = ?, "updatedAt" = ?, "acknowledgedAt" = NULL
        WHERE "shop" = ? AND "orderGid" = ? AND "score" = ? AND "changes" = ?`,
      [score, now, now, shop, orderGid, row.score, row.changes],
    );
    if (!moved) return recordCsat(deps, shop, orderGid, customerGid, score, now);
    previous = Number(row.score);
    changes = Number(row.changes) + 1;
  }
  await deps.events.append(
    shop,
    [
      {
        type: "csat.answered",
        key: `csat:${orderGid}:${changes}`,
        orderGid,
        customerGid,
        occurredAt: now,
        detail: { score, previous },
      },
    ],
    { source: "app" },
  );
  return { score, previous, changed: true, comment };
}

export const MAX_COMMENT = 2_000;

/** The optional comment on the thank-you page; saving again replaces it. False when there is no answer to attach it to. */
export async function saveCsatComment(db: Db, shop: string, orderGid: string, comment: string, now: Date): Promise<boolean> {
  const text = comment.trim().slice(0, MAX_COMMENT);
  const changed = await sqlOf(db).run(`UPDATE "CsatResponse" SET "comment" = ?, "updatedAt" = ? WHERE "shop" = ? AND "orderGid" = ?`, [
    text || null,
    now,
    shop,
    orderGid,
  ]);
  return changed === 1;
}

export interface CsatAlert {
  orderGid: string;
  orderName: string | null;
  score: number;
  comment: string | null;
  answeredAt: Date;
}

/** Low scores not yet handled, newest first. */
export async function lowCsatAlerts(db: Db, shop: string, limit = 20): Promise<{ alerts: CsatAlert[]; total: number }> {
  const where = { shop, score: { lte: LOW_SCORE }, acknowledgedAt: null };
  const [rows, total] = await Promise.all([
    db.csatResponse.findMany({ where, orderBy: { answeredAt: "desc" }, take: limit }),
    db.csatResponse.count({ where }),
  ]);
  const orders = await db.order.findMany({
    where: { shop, orderGid: { in: rows.map((r) => r.orderGid) } },
    select: { orderGid: true, name: true },
  });
  const names = new Map(orders.map((o) => [o.orderGid, o.name]));
  return {
    alerts: rows.map((r) => ({
      orderGid: r.orderGid,
      orderName: names.get(r.orderGid) ?? null,
      score: r.score,
      comment: r.comment,
      answeredAt: r.answeredAt,
    })),
    total,
  };
}

export async function acknowledgeCsat(db: Db, shop: string, orderGid: string, now: Date): Promise<boolean> {
  const { count } = await db.csatResponse.updateMany({ where: { shop, orderGid, acknowledgedAt: null }, data: { acknowledgedAt: now } });
  return count === 1;
}

/** The order's answer, for its page. */
export async function csatOfOrder(db: Db, shop: string, orderGid: string) {
  return db.csatResponse.findUnique({ where: { shop_orderGid: { shop, orderGid } } });
}
