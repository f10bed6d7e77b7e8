// The points ledger's write side and its checks. Every change to a customer's points is an entry
// appended here, under a lock on the customer's member row (PostgreSQL: the row lock the first
// UPDATE takes; SQLite: the write lock BEGIN IMMEDIATE takes), so the cached sums on the member
// row move with the entries in one transaction and concurrent writers of one balance queue up.
// An entry's key is its idempotency key: appending a key already in the ledger changes nothing.
// Neither sum may go below zero: a write that would is refused whole (LedgerShortError).
import type { LoyaltyEntry, LoyaltyMember, Prisma } from "@prisma/client";
import type { Db } from "~/platform/db.server";
import type { EntryDraft } from "./types";

export type Tx = Prisma.TransactionClient;
export type Member = LoyaltyMember;
export type Entry = LoyaltyEntry;

/** A write that would take a balance below zero. */
export class LedgerShortError extends Error {
  constructor(
    public readonly balance: number,
    public readonly needed: number,
  ) {
    super(`The balance is ${balance} points; ${needed} are needed.`);
    this.name = "LedgerShortError";
  }
}

/** Kinds that count as the customer's own activity (expiry counts inactivity from the last one). */
const ACTIVITY = new Set(["earn", "redeem", "adjust"]);
/** Kinds whose points count as "earned" (lifetime and tier standing). */
const EARNING = new Set(["earn", "reverse"]);

const TX_OPTIONS = { maxWait: 30_000, timeout: 30_000 };

/**
 * Runs `work` holding the customer's member row (created on first use), in one transaction. Work
 * inside must be database-only and quick: Shopify calls happen before or after, never inside.
 */
export async function withMember<T>(
  db: Db,
  shop: string,
  customerGid: string,
  now: Date,
  work: (tx: Tx, member: Member) => Promise<T>,
): Promise<T> {
  return db.$transaction(async (tx) => {
    const member = await tx.loyaltyMember.upsert({
      where: { shop_customerGid: { shop, customerGid } },
      create: { shop, customerGid, lastActivityAt: now },
      update: { version: { increment: 1 } },
    });
    return work(tx, member);
  }, TX_OPTIONS);
}

export interface Appended {
  /** Entries this call wrote. */
  written: Entry[];
  /** Entries whose keys were already in the ledger (a repeat of an earlier write). */
  existing: Entry[];
  member: Member;
}

/** Appends entries inside withMember's transaction; `member` is updated in place and in the table. */
export async function appendInTx(tx: Tx, member: Member, drafts: EntryDraft[], now: Date): Promise<Appended> {
  const { shop, customerGid } = member;
  const existing = drafts.length ? await tx.loyaltyEntry.findMany({ where: { shop, key: { in: drafts.map((d) => d.key) } } }) : [];
  const seen = new Set(existing.map((e) => e.key));
  const fresh = drafts.filter((d) => !seen.has(d.key) && ((d.points ?? 0) !== 0 || (d.pendingPoints ?? 0) !== 0 || d.recordEmpty));
  let balance = member.balance;
  let pending = member.pending;
  let earned = member.lifetimeEarned;
  let activity = member.lastActivityAt;
  for (const d of fresh) {
    balance += d.points ?? 0;
    pending += d.pendingPoints ?? 0;
    if (balance < 0) throw new LedgerShortError(balance - (d.points ?? 0), -(d.points ?? 0));
    if (pending < 0) throw new LedgerShortError(pending - (d.pendingPoints ?? 0), -(d.pendingPoints ?? 0));
    if (EARNING.has(d.kind)) earned += (d.points ?? 0) + (d.pendingPoints ?? 0);
    if (ACTIVITY.has(d.kind)) activity = now;
  }
  const written: Entry[] = [];
  for (const d of fresh) {
    written.push(
      await tx.loyaltyEntry.create({
        data: {
          shop,
          customerGid,
          key: d.key,
          kind: d.kind,
          points: d.points ?? 0,
          pendingPoints: d.pendingPoints ?? 0,
          reason: d.reason,
          source: d.source,
          orderGid: d.orderGid ?? null,
          refundGid: d.refundGid ?? null,
          redemptionId: d.redemptionId ?? null,
          availableAt: d.availableAt ?? null,
          actor: d.actor ?? null,
          note: d.note ?? null,
          detail: JSON.stringify(d.detail ?? {}),
          createdAt: now,
        },
      }),
    );
  }
  if (written.length) {
    const updated = await tx.loyaltyMember.update({
      where: { shop_customerGid: { shop, customerGid } },
      data: { balance, pending, lifetimeEarned: Math.max(0, earned), lastActivityAt: activity },
    });
    Object.assign(member, updated);
  }
  return { written, existing, member };
}

/** Appends entries for one customer in a transaction of their own. */
export async function appendEntries(db: Db, shop: string, customerGid: string, drafts: EntryDraft[], now: Date): Promise<Appended> {
  return withMember(db, shop, customerGid, now, (tx, member) => appendInTx(tx, member, drafts, now));
}

export interface LedgerMismatch {
  customerGid: string;
  balance: number;
  pending: number;
  sumPoints: number;
  sumPending: number;
}

/**
 * The check that the cached balances equal the sums of the ledger (for one customer or the whole
 * shop): every member whose cached sums differ, or is negative. Empty when the ledger is sound.
 */
export async function ledgerMismatches(db: Db, shop: string, customerGid?: string): Promise<LedgerMismatch[]> {
  const [sums, members] = await Promise.all([
    db.loyaltyEntry.groupBy({
      by: ["customerGid"],
      where: { shop, ...(customerGid ? { customerGid } : {}) },
      _sum: { points: true, pendingPoints: true },
    }),
    db.loyaltyMember.findMany({
      where: { shop, ...(customerGid ? { customerGid } : {}) },
      select: { customerGid: true, balance: true, pending: true },
    }),
  ]);
  const byCustomer = new Map(sums.map((s) => [s.customerGid, s._sum]));
  const out: LedgerMismatch[] = [];
  for (const m of members) {
    const s = byCustomer.get(m.customerGid);
    const sumPoints = s?.points ?? 0;
    const sumPending = s?.pendingPoints ?? 0;
    if (sumPoints !== m.balance || sumPending !== m.pending || m.balance < 0 || m.pending < 0)
      out.push({ customerGid: m.customerGid, balance: m.balance, pending: m.pending, sumPoints, sumPending });
  }
  for (const [gid, s] of byCustomer) {
    if (!members.some((m) => m.customerGid === gid))
      out.push({ customerGid: gid, balance: 0, pending: 0, sumPoints: s.points ?? 0, sumPending: s.pendingPoints ?? 0 });
  }
  return out;
}

/** A customer's entries, newest first. */
export function entriesOf(db: Db, shop: string, customerGid: string, take = 50, skip = 0): Promise<Entry[]> {
  return db.loyaltyEntry.findMany({
    where: { shop, customerGid },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    skip,
  });
}
