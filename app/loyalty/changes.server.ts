// What follows a ledger write once its transaction has committed: each entry and tier change goes
// on the customer's (and the order's) timeline as an after-sales event, and the customer's
// balance and tier are mirrored to Shopify's metafields by a keyed job. Event keys are the entries'
// keys, so publishing the same entries again (a retried job) adds nothing.
import type { EventLog } from "~/events/log.server";
import type { NewEvent } from "~/events/types";
import type { JobQueue } from "~/platform/jobs/types";
import type { Entry, Member } from "./ledger.server";

export const MIRROR_JOB = "loyalty.mirror-metafields";

export interface TierChange {
  from: string | null;
  to: string | null;
  direction: "up" | "down";
  /** Unique per change: the member's version when it happened. */
  key: string;
}

export interface Changes {
  entries: Entry[];
  member: Member;
  tier?: TierChange | null;
  /** Reward titles by redemption id, for the timeline. */
  rewards?: Record<string, string>;
}

export async function publishChanges(deps: { events: EventLog; jobs: JobQueue }, shop: string, c: Changes): Promise<void> {
  const events: NewEvent[] = c.entries.map((e) => ({
    type: "loyalty.points_changed" as const,
    key: `loyalty:${e.key}`,
    orderGid: e.orderGid,
    customerGid: c.member.customerGid,
    occurredAt: e.createdAt,
    detail: {
      kind: e.kind,
      points: e.points,
      pendingPoints: e.pendingPoints,
      reason: e.reason,
      balance: c.member.balance,
      pending: c.member.pending,
      note: e.note,
      actor: e.actor,
      reward: e.redemptionId ? (c.rewards?.[e.redemptionId] ?? null) : null,
    },
  }));
  if (c.tier) {
    events.push({
      type: "loyalty.tier_changed",
      key: `loyalty:tier:${c.member.customerGid}:${c.tier.key}`,
      customerGid: c.member.customerGid,
      occurredAt: c.entries[0]?.createdAt ?? c.member.updatedAt,
      detail: { from: c.tier.from, to: c.tier.to, direction: c.tier.direction },
    });
  }
  if (events.length) await deps.events.append(shop, events, { source: "app" });
  if (c.entries.length || c.tier) await enqueueMirror(deps.jobs, shop, c.member);
}

/** Asks for the member's balance and tier to be written to Shopify (once per member version). */
export async function enqueueMirror(jobs: JobQueue, shop: string, member: Pick<Member, "customerGid" | "version">) {
  await jobs.enqueue(
    MIRROR_JOB,
    { shop, customerGid: member.customerGid },
    { key: `loyalty.mirror:${shop}:${member.customerGid}:${member.version}`, shop },
  );
}
