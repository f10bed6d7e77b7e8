// A staff member's manual adjustment of a customer's points: a signed amount with a required note,
// recorded with who made it, on the customer's timeline. The form's request key makes a double
// submit one adjustment; a deduction larger than the balance is refused, never taken below zero.
import { z } from "zod";
import type { EventLog } from "~/events/log.server";
import type { Clock } from "~/platform/clock";
import type { Db } from "~/platform/db.server";
import type { JobQueue } from "~/platform/jobs/types";
import { publishChanges } from "./changes.server";
import { appendInTx, LedgerShortError, withMember } from "./ledger.server";

export const adjustmentInput = z.object({
  points: z.coerce
    .number()
    .int("Enter a whole number of points")
    .min(-1_000_000)
    .max(1_000_000)
    .refine((n) => n !== 0, "Enter a number of points other than 0"),
  note: z.string().trim().min(3, "Say why (at least 3 characters)").max(500),
  requestKey: z.string().regex(/^[A-Za-z0-9_-]{8,80}$/),
});

export type AdjustmentInput = z.infer<typeof adjustmentInput>;

export type AdjustOutcome = { ok: true; balance: number } | { ok: false; error: "NOT_ENOUGH_POINTS"; balance: number };

export async function adjustPoints(
  deps: { db: Db; events: EventLog; jobs: JobQueue; clock: Clock },
  input: AdjustmentInput & { shop: string; customerGid: string; actor: string },
): Promise<AdjustOutcome> {
  const now = deps.clock.now();
  try {
    const r = await withMember(deps.db, input.shop, input.customerGid, now, async (tx, member) => ({
      entries: (
        await appendInTx(
          tx,
          member,
          [
            {
              key: `adjust:${input.requestKey}`,
              kind: "adjust",
              points: input.points,
              reason: "admin_adjustment",
              source: "admin",
              actor: input.actor,
              note: input.note,
            },
          ],
          now,
        )
      ).written,
      member,
    }));
    await publishChanges(deps, input.shop, r);
    return { ok: true, balance: r.member.balance };
  } catch (error) {
    if (error instanceof LedgerShortError) return { ok: false, error: "NOT_ENOUGH_POINTS", balance: error.balance };
    throw error;
  }
}
