// The admin's read side of loyalty members: the shop's list (name and email from the customer
// projection, balance, pending points, tier, last activity; searched by name or email, sorted by
// balance or last activity, in pages) and one member's card on their customer page (standing, a
// page of their ledger with order names, their reward codes). Every query names the shop.
import type { Locale } from "~/i18n/locale";
import type { Translate } from "~/i18n/translate";
import type { Db } from "~/platform/db.server";
import { asDate, sqlOf } from "~/platform/sql.server";
import { shopTime } from "~/orders/format-time";
import { numericId } from "~/orders/order-queries.server";
import { entriesOf } from "./ledger.server";
import type { Program } from "./program.server";
import { ENTRY_KINDS, ENTRY_REASONS, REDEMPTION_STATUSES, REWARD_TYPES } from "./types";

export const MEMBER_SORTS = ["balance_desc", "balance_asc", "activity_desc", "activity_asc"] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];
export const MEMBERS_PER_PAGE = 50;

export interface MemberRow {
  /** The numeric part of the customer's GID: their admin page is /app/customers/<id>. */
  id: string;
  customerGid: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  balance: number;
  pending: number;
  tier: string | null;
  lastActivityAt: Date | null;
}

export interface MemberPage {
  rows: MemberRow[];
  total: number;
  page: number;
  pages: number;
}

const ORDER_BY: Record<MemberSort, string> = {
  balance_desc: `m."balance" DESC, m."customerGid" ASC`,
  balance_asc: `m."balance" ASC, m."customerGid" ASC`,
  activity_desc: `m."lastActivityAt" DESC, m."customerGid" ASC`,
  activity_asc: `m."lastActivityAt" ASC, m."customerGid" ASC`,
};

const FROM = `"LoyaltyMember" m
  LEFT JOIN "Customer" c ON c."shop" = m."shop" AND c."customerGid" = m."customerGid"
  LEFT JOIN "LoyaltyTier" t ON t."shop" = m."shop" AND t."id" = m."tierId"`;

interface RawMember {
  customerGid: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  balance: number | string;
  pending: number | string;
  tier: string | null;
  lastActivityAt: unknown;
}

/** One page of the shop's members; a search matches part of the email, first name, last name or full name, ignoring case. */
export async function listMembers(
  db: Db,
  shop: string,
  q: { search?: string | null; sort?: MemberSort; page?: number; pageSize?: number } = {},
): Promise<MemberPage> {
  const sql = sqlOf(db);
  const pageSize = q.pageSize ?? MEMBERS_PER_PAGE;
  const where = [`m."shop" = ?`];
  const args: unknown[] = [shop];
  const term = (q.search ?? "").trim().toLowerCase();
  if (term) {
    // Members are the customers who ever earned or spent: a shop's thousands, cheap to scan for a search.
    const like = sql.dialect === "postgresql" ? "ILIKE" : "LIKE";
    const pattern = `%${term.replace(/[\\%_]/g, "\\$&")}%`;
    const columns = [`c."email"`, `c."firstName"`, `c."lastName"`, `(c."firstName" || ' ' || c."lastName")`];
    where.push(`(${columns.map((col) => `${col} ${like} ? ESCAPE '\\'`).join(" OR ")})`);
    args.push(...columns.map(() => pattern));
  }
  const [count] = await sql.all<{ n: number | string }>(`SELECT COUNT(*) AS "n" FROM ${FROM} WHERE ${where.join(" AND ")}`, args);
  const total = Number(count?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  // A page past the end (members left meanwhile) shows the last one.
  const page = Math.min(Math.max(1, q.page ?? 1), pages);
  const rows = await sql.all<RawMember>(
    `SELECT m."customerGid" AS "customerGid", c."email" AS "email", c."firstName" AS "firstName", c."lastName" AS "lastName",
       m."balance" AS "balance", m."pending" AS "pending", t."name" AS "tier", m."lastActivityAt" AS "lastActivityAt"
     FROM ${FROM} WHERE ${where.join(" AND ")}
     ORDER BY ${ORDER_BY[q.sort ?? "balance_desc"]} LIMIT ? OFFSET ?`,
    [...args, pageSize, (page - 1) * pageSize],
  );
  return {
    rows: rows.map((r) => ({
      id: numericId(r.customerGid),
      customerGid: r.customerGid,
      email: r.email,
      firstName: r.firstName,
      lastName: r.lastName,
      balance: Number(r.balance),
      pending: Number(r.pending),
      tier: r.tier,
      lastActivityAt: asDate(r.lastActivityAt),
    })),
    total,
    page,
    pages,
  };
}

/** A customer page shows this many ledger entries at a time, and this many reward codes. */
export const LEDGER_PER_PAGE = 20;
export const CODES_SHOWN = 20;

export interface LedgerLineView {
  id: string;
  /** "Earned", "Spent", … */
  kind: string;
  /** "order paid", "reward redeemed", …; null for a staff adjustment (its note says why). */
  reason: string | null;
  /** Signed spendable points ("+120", "-50"), or null when the entry moved none. */
  points: string | null;
  /** Signed pending points, or null. */
  pending: string | null;
  at: string;
  /** When pending points become spendable (earn entries still waiting). */
  availableAt: string | null;
  order: { id: string; name: string } | null;
  note: string | null;
  actor: string | null;
}

export interface RewardCodeView {
  id: string;
  title: string;
  type: string;
  code: string | null;
  status: string;
  tone?: "success" | "info" | "attention" | "critical";
  cost: number;
  at: string;
  order: { id: string; name: string } | null;
}

export interface LoyaltyCardView {
  enabled: boolean;
  member: boolean;
  balance: number;
  pending: number;
  lifetimeEarned: number;
  tier: string | null;
  lastActivity: string | null;
  ledger: LedgerLineView[];
  page: number;
  hasNext: boolean;
  codes: RewardCodeView[];
}

const STATUS_TONE: Record<string, RewardCodeView["tone"]> = {
  reserved: "attention",
  issued: "info",
  used: "success",
  voided: undefined,
  refunded: undefined,
  failed: "critical",
};

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const known = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** One customer's loyalty as their customer page shows it: standing, one page of the ledger (newest first) and their reward codes. */
export async function customerLoyaltyView(
  db: Db,
  program: Pick<Program, "enabled" | "tiers">,
  shop: string,
  customerGid: string,
  c: { page: number; t: Translate; locale: Locale; timeZone: string | null },
): Promise<LoyaltyCardView> {
  const { t, locale, timeZone } = c;
  const page = Math.max(1, c.page);
  const [member, entries, codes] = await Promise.all([
    db.loyaltyMember.findUnique({ where: { shop_customerGid: { shop, customerGid } } }),
    entriesOf(db, shop, customerGid, LEDGER_PER_PAGE + 1, (page - 1) * LEDGER_PER_PAGE),
    db.loyaltyRedemption.findMany({ where: { shop, customerGid }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: CODES_SHOWN }),
  ]);
  const shown = entries.slice(0, LEDGER_PER_PAGE);
  const orderGids = [...new Set([...shown.map((e) => e.orderGid), ...codes.map((r) => r.orderGid)].filter((g): g is string => !!g))];
  const orders = orderGids.length
    ? await db.order.findMany({ where: { shop, orderGid: { in: orderGids } }, select: { orderGid: true, name: true } })
    : [];
  const names = new Map(orders.map((o) => [o.orderGid, o.name]));
  const orderOf = (gid: string | null) => (gid ? { id: numericId(gid), name: names.get(gid) ?? `#${numericId(gid)}` } : null);
  const time = (d: Date) => shopTime(locale, d, timeZone);
  const tier = member?.tierId ? (program.tiers.find((x) => x.id === member.tierId)?.name ?? null) : null;
  return {
    enabled: program.enabled,
    member: member !== null,
    balance: member?.balance ?? 0,
    pending: member?.pending ?? 0,
    lifetimeEarned: member?.lifetimeEarned ?? 0,
    tier,
    lastActivity: member ? time(member.lastActivityAt) : null,
    ledger: shown.map((e) => ({
      id: e.id,
      kind: known(ENTRY_KINDS, e.kind) ? t(`loyalty.kind.${e.kind}`) : e.kind,
      reason: e.reason === "admin_adjustment" ? null : known(ENTRY_REASONS, e.reason) ? t(`loyalty.reason.${e.reason}`) : e.reason,
      points: e.points ? signed(e.points) : null,
      pending: e.pendingPoints ? signed(e.pendingPoints) : null,
      at: time(e.createdAt),
      availableAt: e.kind === "earn" && e.pendingPoints > 0 && e.availableAt ? time(e.availableAt) : null,
      order: orderOf(e.orderGid),
      note: e.note,
      actor: e.actor,
    })),
    page,
    hasNext: entries.length > LEDGER_PER_PAGE,
    codes: codes.map((r) => ({
      id: r.id,
      title: r.title,
      type: known(REWARD_TYPES, r.type) ? t(`loyalty.rewardType.${r.type}`) : r.type,
      // A code still being created is not the customer's yet.
      code: r.status === "reserved" ? null : r.code,
      status: known(REDEMPTION_STATUSES, r.status) ? t(`loyalty.redemption.${r.status}`) : r.status,
      tone: STATUS_TONE[r.status],
      cost: r.cost,
      at: time(r.createdAt),
      order: orderOf(r.orderGid),
    })),
  };
}
