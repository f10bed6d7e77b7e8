// Tiers over a rolling window: a member's standing also falls as old points age out of the window,
// with no ledger write to notice it. The lifecycle sweep reviews each tiered member of a shop in
// pages, reads their standing, and moves only those whose tier no longer matches it (a transaction,
// a timeline event and the metafield mirror, as any tier change).
import type { EventLog } from "~/events/log.server";
import type { Db } from "~/platform/db.server";
import type { JobQueue } from "~/platform/jobs/types";
import { publishChanges } from "./changes.server";
import { withMember } from "./ledger.server";
import type { Program } from "./program.server";
import { evaluateTier, standingOf } from "./tier.server";
import { tierFor } from "./tiers";

const PAGE = 500;

/** Moves the shop's members whose tier their standing no longer earns; returns how many moved. */
export async function reviewTiers(deps: { db: Db; events: EventLog; jobs: JobQueue }, program: Program, now: Date): Promise<number> {
  const { db } = deps;
  const shop = program.shop;
  let moved = 0;
  let after: string | null = null;
  for (;;) {
    const members: { customerGid: string; tierId: string | null }[] = await db.loyaltyMember.findMany({
      where: { shop, tierId: { not: null }, ...(after ? { customerGid: { gt: after } } : {}) },
      orderBy: { customerGid: "asc" },
      select: { customerGid: true, tierId: true },
      take: PAGE,
    });
    if (!members.length) return moved;
    after = members[members.length - 1].customerGid;
    for (const m of members) {
      const standing = await standingOf(db, program, shop, m.customerGid, now);
      if ((tierFor(program.tiers, standing)?.id ?? null) === m.tierId) continue;
      const r = await withMember(db, shop, m.customerGid, now, async (tx, member) => {
        const tier = await evaluateTier(tx, program, member, now);
        return { entries: tier.entries, tier: tier.change, member };
      });
      if (r.tier) moved++;
      await publishChanges(deps, shop, r);
    }
  }
}
