// What the storefront shows a shopper about the program: the ways to earn, the tiers and the
// rewards for everyone; for a signed-in customer also their balance, pending points, tier and
// progress to the next one, their recent history and their reward codes.
// This is the storefront's hottest read (every page view with the loyalty block or launcher can ask
// for it): the program, the shop's currency and the part every shopper sees are built once and kept
// a few seconds in this process; a member's own rows come through the hot paths' direct SQL
// (sql.server.ts), not Prisma, whose per-query cost is several times the database's own here: four
// indexed queries on SQLite (in process, no round trip), one statement on PostgreSQL, where each
// round trip waits for a pooled connection (npm run bench:loyalty).
import type { Db } from "~/platform/db.server";
import { asDate, sqlOf } from "~/platform/sql.server";
import { loyaltyProgram, type Program } from "./program.server";
import { tierFor } from "./tiers";
import { standingOf, tierWindowStart } from "./tier.server";
import type { RewardType } from "./types";

const CACHE_MS = 5_000;

interface ProgramView {
  program: Program;
  /** The response without its member part: the same for every shopper of the shop. */
  base: Omit<ShopperLoyalty, "member">;
}

const cache = new Map<string, { at: number; view: Promise<ProgramView> }>();

async function loadView(db: Db, shop: string): Promise<ProgramView> {
  const [program, [shopRow]] = await Promise.all([
    loyaltyProgram(db, shop),
    sqlOf(db).all<{ currency: string | null }>(`SELECT "currency" FROM "Shop" WHERE "shop" = ?`, [shop]),
  ]);
  return {
    program,
    base: {
      enabled: program.enabled,
      currency: shopRow?.currency ?? "USD",
      earn: {
        pointsPerUnit: program.pointsPerUnit,
        pendingDays: program.pendingDays,
        signup: program.signupEnabled ? program.signupPoints : null,
        birthday: program.birthdayEnabled ? program.birthdayPoints : null,
        review: program.reviewEnabled ? program.reviewPoints : null,
      },
      tierBasis: program.tierBasis,
      tiers: program.tiers.map(({ name, threshold, multiplier, entryPoints }) => ({ name, threshold, multiplier, entryPoints })),
      rewards: program.rewards.filter((r) => r.enabled).map(({ id, type, title, cost, value }) => ({ id, type, title, cost, value })),
      expiry: program.expiryEnabled ? { months: program.expiryMonths } : null,
    },
  };
}

function cachedView(db: Db, shop: string): Promise<ProgramView> {
  const hit = cache.get(shop);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.view;
  const view = loadView(db, shop);
  cache.set(shop, { at: Date.now(), view });
  view.catch(() => cache.delete(shop));
  if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
  return view;
}

/** The program as the storefront sees it, at most a few seconds old. */
export async function cachedProgram(db: Db, shop: string): Promise<Program> {
  return (await cachedView(db, shop)).program;
}

/** Forget a shop's cached program (after the merchant saves it). */
export function forgetProgram(shop: string) {
  cache.delete(shop);
}

export interface ShopperLoyalty {
  enabled: boolean;
  currency: string;
  earn: {
    pointsPerUnit: number;
    pendingDays: number;
    signup: number | null;
    birthday: number | null;
    review: number | null;
  };
  tierBasis: "points" | "spent";
  tiers: { name: string; threshold: number; multiplier: number; entryPoints: number }[];
  rewards: { id: string; type: RewardType; title: string; cost: number; value: number }[];
  expiry: { months: number } | null;
  member: null | {
    balance: number;
    pending: number;
    tier: string | null;
    standing: number;
    nextTier: { name: string; threshold: number; remaining: number } | null;
    birthdaySet: boolean;
    history: { kind: string; points: number; pendingPoints: number; reason: string; at: string; availableAt: string | null }[];
    codes: { id: string; title: string; code: string | null; status: string; createdAt: string }[];
  };
}

interface MemberRows {
  member: { balance: Num; pending: Num; tierId: string | null; birthday: string | null } | undefined;
  history: { kind: string; points: Num; pendingPoints: Num; reason: string; createdAt: unknown; availableAt: unknown }[];
  codes: { id: string; title: string; code: string | null; status: string; createdAt: unknown }[];
  /** Points earned over the tier window (null: not asked for). */
  standing: Num | null;
}

type Num = number | string | bigint;

const MEMBER = `SELECT "balance", "pending", "tierId", "birthday" FROM "LoyaltyMember" WHERE "shop" = ? AND "customerGid" = ?`;
const historySql = (columns: string) => `SELECT ${columns} FROM "LoyaltyEntry"
  WHERE "shop" = ? AND "customerGid" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 20`;
const codesSql = (columns: string) => `SELECT ${columns} FROM "LoyaltyRedemption"
  WHERE "shop" = ? AND "customerGid" = ? AND "status" IN ('issued', 'used', 'reserved') ORDER BY "createdAt" DESC, "id" DESC LIMIT 10`;
const HISTORY_COLUMNS = `"id", "kind", "points", "pendingPoints", "reason", "createdAt", "availableAt"`;
const CODE_COLUMNS = `"id", "title", "code", "status", "createdAt"`;
/** tier.server.ts's standingOf on the points basis, as one aggregate. */
const STANDING = `SELECT COALESCE(SUM("points"), 0) + COALESCE(SUM("pendingPoints"), 0) FROM "LoyaltyEntry"
  WHERE "shop" = ? AND "customerGid" = ? AND "kind" IN ('earn', 'reverse') AND "reason" <> 'tier_entry' AND "createdAt" >= ?`;
/** Times as timestamptz, so their JSON carries the UTC offset (the columns hold UTC without a zone). */
const utc = (columns: string) => columns.replace(/"(createdAt|availableAt)"/g, `("$1" AT TIME ZONE 'UTC') AS "$1"`);
/** The same four as one statement, for PostgreSQL. */
const ALL_IN_ONE = `SELECT
  (SELECT row_to_json(m) FROM (${MEMBER}) m) AS "member",
  (SELECT COALESCE(json_agg(h ORDER BY h."createdAt" DESC, h."id" DESC), '[]') FROM (${historySql(utc(HISTORY_COLUMNS))}) h) AS "history",
  (SELECT COALESCE(json_agg(c ORDER BY c."createdAt" DESC, c."id" DESC), '[]') FROM (${codesSql(utc(CODE_COLUMNS))}) c) AS "codes",
  CASE WHEN ? THEN (${STANDING}) END AS "standing"`;
/** tier.server.ts's month, so the window here is the one tiers are evaluated over. */

async function memberRows(db: Db, program: Program, shop: string, customerGid: string, now: Date): Promise<MemberRows> {
  const sql = sqlOf(db);
  const byPoints = program.tiers.length > 0 && program.tierBasis === "points";
  const since = tierWindowStart(program, now);
  const who = [shop, customerGid];
  if (sql.dialect === "postgresql") {
    const [row] = await sql.all<MemberRows & { member: MemberRows["member"] | null }>(ALL_IN_ONE, [
      ...who,
      ...who,
      ...who,
      byPoints,
      ...who,
      since,
    ]);
    return { ...row, member: row.member ?? undefined };
  }
  const [[member], history, codes, standing] = await Promise.all([
    sql.all<NonNullable<MemberRows["member"]>>(MEMBER, who),
    sql.all<MemberRows["history"][number]>(historySql(HISTORY_COLUMNS), who),
    sql.all<MemberRows["codes"][number]>(codesSql(CODE_COLUMNS), who),
    byPoints ? sql.all<Record<string, Num>>(STANDING, [...who, since]).then(([r]) => Object.values(r)[0]) : null,
  ]);
  return { member, history, codes, standing };
}

async function standingNow(db: Db, program: Program, rows: MemberRows, shop: string, customerGid: string, now: Date): Promise<number> {
  if (!program.tiers.length) return 0;
  if (program.tierBasis !== "points") return standingOf(db, program, shop, customerGid, now);
  return Number(rows.standing ?? 0);
}

const iso = (v: unknown) => asDate(v)?.toISOString() ?? null;

export async function shopperLoyalty(db: Db, shop: string, customerGid: string | null, now: Date): Promise<ShopperLoyalty> {
  const { program, base } = await cachedView(db, shop);
  if (!customerGid || !program.enabled) return { ...base, member: null };
  const rows = await memberRows(db, program, shop, customerGid, now);
  const { member, history: entries, codes } = rows;
  const standing = await standingNow(db, program, rows, shop, customerGid, now);
  const tier = program.tiers.find((t) => t.id === member?.tierId) ?? null;
  const next = program.tiers.filter((t) => t.threshold > standing).sort((a, b) => a.threshold - b.threshold)[0];
  return {
    ...base,
    member: {
      balance: Number(member?.balance ?? 0),
      pending: Number(member?.pending ?? 0),
      tier: tier?.name ?? tierFor(program.tiers, standing)?.name ?? null,
      standing,
      nextTier: next ? { name: next.name, threshold: next.threshold, remaining: next.threshold - standing } : null,
      birthdaySet: Boolean(member?.birthday),
      history: entries.map((e) => ({
        kind: e.kind,
        points: Number(e.points),
        pendingPoints: Number(e.pendingPoints),
        reason: e.reason,
        at: iso(e.createdAt)!,
        availableAt: iso(e.availableAt),
      })),
      codes: codes.map((c) => ({
        id: c.id,
        title: c.title,
        code: c.status === "reserved" ? null : c.code,
        status: c.status,
        createdAt: iso(c.createdAt)!,
      })),
    },
  };
}
