// The history import from the admin: its state (polled by the overview's card while it runs),
// starting one for the last N days, and cancelling the running one.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { activeBackfill, cancelBackfill, latestBackfill, MAX_BACKFILL_DAYS, startBackfill } from "~/history/backfill.server";
import { backfillView } from "~/history/progress";
import { readForm } from "~/platform/form.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const rt = await runtime();
  const latest = (await activeBackfill(rt.db, session.shop)) ?? (await latestBackfill(rt.db, session.shop));
  return { backfill: latest ? backfillView(latest, rt.clock.now()) : null };
}

const input = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start"), days: z.coerce.number().int().min(1).max(MAX_BACKFILL_DAYS) }),
  z.object({ intent: z.literal("cancel") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const parsed = input.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    return Response.json({ ok: false, error: `days must be a whole number from 1 to ${MAX_BACKFILL_DAYS}` }, { status: 400 });
  }
  const rt = await runtime();
  const now = rt.clock.now();
  if (parsed.data.intent === "cancel") {
    const cancelled = await cancelBackfill(rt.db, rt.clock, session.shop);
    if (!cancelled) return Response.json({ ok: false, error: "not_running" }, { status: 409 });
    return Response.json({ ok: true, backfill: backfillView(cancelled, now) });
  }
  const result = await startBackfill(rt, session.shop, { requestedBy: "merchant", days: parsed.data.days });
  if (!result.started) return Response.json({ ok: false, error: "running", backfill: backfillView(result.backfill, now) }, { status: 409 });
  return Response.json({ ok: true, backfill: backfillView(result.backfill, now) });
}
