// A return's status emails on the messaging engine: each `return.*` step event (requested, approved,
// declined, label added, received, processed, closed) plans its flow's email at once, one per return
// and step, to the order's address in the shopper's language; when it is sent, its block is built
// from the return's events — messaging learns about the return from the events alone, never from
// the returns capability's tables.
import type { Subscriber } from "~/events/subscriber";
import type { StoredEvent } from "~/events/types";
import { pickLocale } from "~/i18n/locale";
import type { Db } from "~/platform/db.server";
import type { EmailModel } from "./email/model";
import { insertPlanned, orderFacts } from "./planner.server";
import {
  mergeUpdates,
  ofReturn,
  returnEventOf,
  returnFlowOf,
  returnIdOf,
  returnIdOfKey,
  returnMessageKey,
  returnUpdateOf,
  stepOf,
  type ReturnFlow,
  type ReturnUpdate,
} from "./return-update";
import { flowSettings } from "./settings.server";

/** Plans the step's email (nothing when its flow is off, the shop has no app, or the step was planned before). Returns how many rows it added. */
export async function planReturnUpdate(db: Db, event: StoredEvent, now: Date): Promise<number> {
  const { shop, orderGid } = event;
  const flow = returnFlowOf(event.type);
  const update = returnUpdateOf(event.detail);
  if (!flow || !update || !orderGid) return 0;
  const [flows, shopRow] = await Promise.all([flowSettings(db, shop), db.shop.findUnique({ where: { shop }, select: { state: true } })]);
  if (shopRow?.state !== "installed" || !flows[flow].enabled) return 0;
  const facts = await orderFacts(db, shop, orderGid);
  // A return of an order not recorded yet (webhooks arrive in any order): try again later.
  if (!facts) throw new Error(`order ${orderGid} is not known yet; planning its return's email again later`);
  return insertPlanned(
    db,
    {
      shop,
      key: returnMessageKey(flow, returnIdOf(update)),
      flow,
      orderGid,
      customerGid: facts.customerGid ?? event.customerGid,
      email: facts.email,
      locale: pickLocale([update.locale, facts.customerLocale, facts.locale]),
      items: "[]",
      dueAt: event.occurredAt,
      sendAt: event.occurredAt,
    },
    now,
  );
}

export const planReturnUpdateSubscriber: Subscriber = {
  name: "messaging.plan-return-update",
  async handle(event, { db, clock }) {
    await planReturnUpdate(db, event, clock.now());
  },
};

function parse(detail: string): ReturnUpdate | null {
  try {
    return returnUpdateOf(JSON.parse(detail) as Record<string, unknown>);
  } catch {
    return null;
  }
}

/** The email's return block, from the events of the return the message was planned for; null when none of that step is found. */
export async function returnBlock(
  db: Db,
  m: { shop: string; key: string; flow: ReturnFlow; orderGid: string | null },
  statusUrlOf: (orderGid: string, caseId: string) => string,
): Promise<NonNullable<EmailModel["returnUpdate"]> | null> {
  const returnId = returnIdOfKey(m.flow, m.key);
  if (!returnId || !m.orderGid) return null;
  const rows = await db.afterSalesEvent.findMany({
    where: { shop: m.shop, orderGid: m.orderGid, type: { startsWith: "return." } },
    orderBy: { occurredAt: "desc" },
    select: { type: true, detail: true },
    take: 100,
  });
  const type = returnEventOf(m.flow);
  const parsed = rows.flatMap((r) => {
    const u = parse(r.detail);
    return u ? [{ type: r.type, u }] : [];
  });
  const events = ofReturn(parsed, returnId);
  const merged = mergeUpdates(
    events.filter((e) => e.type === type).map((e) => e.u),
    events.filter((e) => e.type !== type).map((e) => e.u),
  );
  if (!merged) return null;
  return {
    step: stepOf(m.flow),
    name: merged.name,
    items: merged.items ?? [],
    resolution: merged.resolution,
    amounts: merged.amounts,
    message: merged.message,
    label: merged.label,
    statusUrl: merged.statusUrl ?? (merged.caseId ? statusUrlOf(m.orderGid, merged.caseId) : null),
  };
}
