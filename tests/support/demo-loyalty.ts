// The demo shop's loyalty program: switched on at the first start (a PLN program with the starter
// tiers and rewards, in Polish), and — once the history import is in — points for the customers'
// past orders, awarded the way a merchant does it: "Award the points" on the admin's Points for
// past orders page. Every start checks again, so a demo stopped before the award finished gets it
// on its next start; an award that completed is never repeated (and could pay nothing twice anyway).
import { createDb, type Db } from "../../app/platform/db.server";
import { PROGRAM_DEFAULTS, saveProgram, starterRewards, starterTiers, type ProgramInput } from "../../app/loyalty/program.server";
import { historyImported } from "./history-import";
import { appDataRequest } from "./app-data-request";
import type { Stack } from "./stack";

/** 1 point per złoty paid for products (VAT included, shipping not), spendable after the 14-day withdrawal period. */
export const DEMO_PROGRAM: ProgramInput = {
  ...PROGRAM_DEFAULTS,
  enabled: true,
  includeTax: true,
  pendingDays: 14,
  tiers: starterTiers("pl"),
  // The amount reward says how much, in złoty.
  rewards: starterRewards(100, "pl").map((r) => (r.type === "fixed_amount" ? { ...r, title: "5 zł rabatu" } : r)),
};

/** The award covers what the history import brought in: the seeded year. */
const AWARD_DAYS = 365;

function openAppDb(stack: Pick<Stack, "files">): Db {
  return createDb(`file:${stack.files.database}`);
}

/** Switches the demo shop's program on (the first start only: later the merchant's settings stand). */
export async function enableDemoLoyalty(stack: Pick<Stack, "files" | "shop">): Promise<void> {
  const db = openAppDb(stack);
  try {
    await saveProgram(db, stack.shop, DEMO_PROGRAM);
  } finally {
    await db.$disconnect();
  }
}

export interface PastOrdersAward {
  customers: number;
  points: number;
  /** The featured shopper's spendable balance afterwards. */
  featured: number;
}

/**
 * Once the history import is complete, awards points for past orders through the admin, unless an
 * award already completed or the program is off; resolves with what the award gave (null: nothing to do).
 */
export async function awardPastOrders(
  stack: Pick<Stack, "files" | "shop" | "apiKey" | "apiSecret" | "urls" | "customer">,
  signal: AbortSignal,
): Promise<PastOrdersAward | null> {
  await historyImported(stack.files.database, 120_000);
  const db = openAppDb(stack);
  try {
    const [program, completed, running] = await Promise.all([
      db.loyaltyProgram.findUnique({ where: { shop: stack.shop }, select: { enabled: true } }),
      db.loyaltyHistoryAward.findFirst({ where: { shop: stack.shop, status: "completed" } }),
      db.loyaltyHistoryAward.findFirst({ where: { shop: stack.shop, status: "running" } }),
    ]);
    if (!program?.enabled || completed || signal.aborted) return null;
    if (!running) await startAward(stack);
    if (!(await db.loyaltyHistoryAward.findFirst({ where: { shop: stack.shop }, select: { id: true } }))) return null;
    for (const deadline = Date.now() + 180_000; Date.now() < deadline && !signal.aborted;) {
      const run = await db.loyaltyHistoryAward.findFirst({ where: { shop: stack.shop }, orderBy: { startedAt: "desc" } });
      if (run?.status === "failed") throw new Error(`the award for past orders failed: ${run.error ?? "no reason given"}`);
      if (run?.status === "completed") {
        const featured = await db.loyaltyMember.findUnique({
          where: { shop_customerGid: { shop: stack.shop, customerGid: stack.customer.id } },
          select: { balance: true },
        });
        return { customers: run.customersAwarded, points: run.points, featured: featured?.balance ?? 0 };
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return null;
  } finally {
    await db.$disconnect();
  }
}

/** The merchant's click on "Award the points": the page's action, with a session token as App Bridge sends it. */
async function startAward(stack: Pick<Stack, "shop" | "apiKey" | "apiSecret" | "urls">): Promise<void> {
  const response = await appDataRequest(
    { apiKey: stack.apiKey, apiSecret: stack.apiSecret, shop: stack.shop, appUrl: stack.urls.app },
    "/app/loyalty/history",
    "routes/app.loyalty.history",
    { body: new URLSearchParams({ intent: "start", days: String(AWARD_DAYS) }) },
  );
  // 409: one is running already (started by a previous start of the demo), which is as good.
  if (response.status !== 200 && response.status !== 409) {
    throw new Error(`starting the award for past orders answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
  }
  await response.body?.cancel().catch(() => undefined);
}
