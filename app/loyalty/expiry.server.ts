// Expiry of inactive points, one shop at a time (the lifecycle sweep calls it): members whose last
// earning or spending is old enough get a `loyalty.points_expiring` event — the warning, then the
// last chance — and, once the date the warning named has passed, an `expire` entry for their
// spendable balance (pending points never expire). Everything is keyed by the customer and the
// start of the inactivity period, so a second sweep, or two workers at once, write each once; activity
// meanwhile starts a new period, and the old period's expiry then finds a member it no longer applies to.
import type { EventLog } from "~/events/log.server";
import type { NewEvent } from "~/events/types";
import type { Db } from "~/platform/db.server";
import type { JobQueue } from "~/platform/jobs/types";
import { publishChanges } from "./changes.server";
import { appendInTx, withMember } from "./ledger.server";
import { expiryCutoff, expiryStep, type ExpiryRules } from "./lifecycle";

export interface ExpiryDeps {
  db: Db;
  events: EventLog;
  jobs: JobQueue;
}

export interface ExpiryResult {
  warned: number;
  lastChance: number;
  expired: number;
}

const BATCH = 500;

export const expireKey = (customerGid: string, since: Date) => `expire:${customerGid}:${since.toISOString()}`;
export const expiringKey = (stage: "warning" | "last_chance", customerGid: string, since: Date) =>
  `loyalty:expiring:${stage}:${customerGid}:${since.toISOString()}`;

/** Where a customer sees and spends their points: their account page on the shop's storefront. */
export function loyaltyPageUrl(shop: string): string {
  return `https://${shop}/account`;
}

function promisedExpiry(detail: string | undefined): Date | null {
  if (!detail) return null;
  try {
    const at = new Date(String((JSON.parse(detail) as { expiresAt?: unknown }).expiresAt));
    return Number.isNaN(at.getTime()) ? null : at;
  } catch {
    return null;
  }
}

/** Runs what is due at `now` for the shop's members with points; nothing when expiry is off. */
export async function sweepExpiry(
  deps: ExpiryDeps,
  shop: string,
  program: ExpiryRules & { enabled: boolean; expiryEnabled: boolean },
  now: Date,
): Promise<ExpiryResult> {
  const result: ExpiryResult = { warned: 0, lastChance: 0, expired: 0 };
  if (!program.enabled || !program.expiryEnabled) return result;
  const { db } = deps;
  const cutoff = expiryCutoff(now, program);
  let after: { at: Date; gid: string } | null = null;
  for (;;) {
    // The (shop, lastActivityAt) index, oldest first; keyset pages so each batch costs the same.
    const members: { customerGid: string; lastActivityAt: Date; balance: number }[] = await db.loyaltyMember.findMany({
      where: {
        shop,
        balance: { gt: 0 },
        // A redacted customer's pseudonym: nobody to warn, so nothing expires either.
        NOT: { customerGid: { startsWith: "gid://aftercare/" } },
        lastActivityAt: { lte: cutoff },
        ...(after ? { OR: [{ lastActivityAt: { gt: after.at } }, { lastActivityAt: after.at, customerGid: { gt: after.gid } }] } : {}),
      },
      orderBy: [{ lastActivityAt: "asc" }, { customerGid: "asc" }],
      select: { customerGid: true, lastActivityAt: true, balance: true },
      take: BATCH,
    });
    if (!members.length) return result;
    const last = members[members.length - 1];
    after = { at: last.lastActivityAt, gid: last.customerGid };
    const sent = await db.afterSalesEvent.findMany({
      where: {
        shop,
        key: {
          in: members.flatMap((m) => [
            expiringKey("warning", m.customerGid, m.lastActivityAt),
            expiringKey("last_chance", m.customerGid, m.lastActivityAt),
          ]),
        },
      },
      select: { key: true, detail: true },
    });
    const byKey = new Map(sent.map((e) => [e.key, e.detail]));
    const events: NewEvent[] = [];
    for (const m of members) {
      const since = m.lastActivityAt;
      const step = expiryStep({
        lastActivityAt: since,
        now,
        rules: program,
        warnedExpiresAt: promisedExpiry(byKey.get(expiringKey("warning", m.customerGid, since))),
        lastChanceSent: byKey.has(expiringKey("last_chance", m.customerGid, since)),
      });
      if (!step) continue;
      if (step.kind === "expire") {
        if (await expire(deps, shop, m.customerGid, since, step.expiresAt, now)) result.expired++;
        continue;
      }
      events.push({
        type: "loyalty.points_expiring",
        key: expiringKey(step.kind, m.customerGid, since),
        customerGid: m.customerGid,
        occurredAt: now,
        detail: {
          stage: step.kind,
          points: m.balance,
          expiresAt: step.expiresAt.toISOString(),
          since: since.toISOString(),
          storeUrl: loyaltyPageUrl(shop),
        },
      });
      if (step.kind === "warning") result.warned++;
      else result.lastChance++;
    }
    if (events.length) await deps.events.append(shop, events, { source: "app" });
    if (members.length < BATCH) return result;
  }
}

/** Expires the member's spendable balance for the period `since`, unless they were active since. */
async function expire(deps: ExpiryDeps, shop: string, customerGid: string, since: Date, expiresAt: Date, now: Date): Promise<boolean> {
  const r = await withMember(deps.db, shop, customerGid, now, async (tx, member) => {
    // Read under the member's lock: activity after the sweep's read started a new period.
    if (member.lastActivityAt.getTime() !== since.getTime() || member.balance <= 0) return { entries: [], member };
    const appended = await appendInTx(
      tx,
      member,
      [
        {
          key: expireKey(customerGid, since),
          kind: "expire",
          points: -member.balance,
          reason: "inactivity",
          source: "program",
          detail: { since: since.toISOString(), expiresAt: expiresAt.toISOString() },
        },
      ],
      now,
    );
    return { entries: appended.written, member };
  });
  await publishChanges(deps, shop, r);
  return r.entries.length > 0;
}
