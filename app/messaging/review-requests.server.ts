// The review request flow on the messaging engine: the email's block (each item with five star
// links into the no-login review form, the form, "not arrived yet"), the rule of at most one
// request per customer in 30 days across orders, the reminders (planned after each review email
// went, up to the shop's number, each keyed by the email it follows), and what stops them: items
// reviewed meanwhile (review.submitted) or a return started (return.requested). "Not arrived yet"
// asks again 7 days later, once per order. Everything reaches the reviews capability only through
// events and the signed links.
import type { EventLog } from "~/events/log.server";
import type { Subscriber } from "~/events/subscriber";
import type { Db } from "~/platform/db.server";
import { sqlOf } from "~/platform/sql.server";
import { pickLocale } from "~/i18n/locale";
import { reviewSettings } from "~/reviews/settings.server";
import { postponeUrl, reviewFormUrl, reviewStarUrl, reviewToken } from "~/reviews/links";
import type { EmailModel } from "./email/model";
import { productImages, type ShopifyConfig } from "./shopify.server";
import { cancelMessages, insertPlanned, keepItems, returnedItems } from "./planner.server";
import { flowSettings, messagingSettings, windowOf } from "./settings.server";
import { nextOpening } from "./schedule";
import type { Flow } from "./types";

const DAY = 86_400_000;
/** One review request per customer per this many days, across their orders. */
export const REQUEST_CAP_DAYS = 30;
/** "Not arrived yet" asks again this much later. */
export const POSTPONE_DAYS = 7;

export type ReviewFlow = Extract<Flow, "review_request" | "review_reminder">;

export function isReviewFlow(flow: string): flow is ReviewFlow {
  return flow === "review_request" || flow === "review_reminder";
}

interface Line {
  lineItemGid: string;
  productGid: string | null;
  title: string;
  variantTitle: string | null;
}

/** The email's review block; null when no item is left to ask about. */
export async function reviewBlock(
  deps: { db: Db; shopify: ShopifyConfig; appUrl: string; secret: string },
  m: { shop: string; orderGid: string | null; customerGid: string | null; locale: string },
  lines: Line[],
  now: Date,
): Promise<EmailModel["reviews"] | null> {
  if (!m.orderGid) return null;
  const settings = await reviewSettings(deps.db, m.shop);
  const items = lines.filter((l) => l.productGid).slice(0, settings.requestItems);
  if (!items.length) return null;
  const images = await productImages(
    deps.db,
    m.shop,
    deps.shopify,
    items.map((l) => l.productGid!),
    pickLocale([m.locale]),
  );
  const token = reviewToken(deps.secret, { shop: m.shop, order: m.orderGid, customer: m.customerGid, locale: m.locale }, now);
  return {
    items: items.map((l) => ({
      title: l.title,
      variantTitle: l.variantTitle && l.variantTitle !== "Default Title" ? l.variantTitle : null,
      imageUrl: images.get(l.productGid!) ?? null,
      starLinks: [1, 2, 3, 4, 5].map((n) => reviewStarUrl(deps.appUrl, token, l.lineItemGid, n)),
    })),
    formUrl: reviewFormUrl(deps.appUrl, token),
    postponeUrl: postponeUrl(deps.appUrl, token),
    incentive: settings.incentive !== "none",
  };
}

/** Whether the customer was already sent a review request for another order within the cap's days. */
export async function reviewCapHit(
  db: Db,
  m: { shop: string; id: string; email: string; orderGid: string | null },
  now: Date,
): Promise<boolean> {
  const [row] = await sqlOf(db).all<{ n: number }>(
    `SELECT COUNT(*) AS "n" FROM "Message" WHERE "shop" = ? AND "email" = ? AND "flow" = 'review_request' AND "status" IN ('sent', 'sending')
        AND "id" <> ? AND ("orderGid" IS NULL OR "orderGid" <> ?) AND COALESCE("sentAt", "sendingAt") > ?`,
    [m.shop, m.email, m.id, m.orderGid ?? "", new Date(now.getTime() - REQUEST_CAP_DAYS * DAY)],
  );
  return Number(row?.n ?? 0) > 0;
}

/** Plans a review email at `dueAt` moved into the shop's send window; 0 when its key was already planned. */
async function planReviewEmail(
  db: Db,
  shop: string,
  key: string,
  flow: ReviewFlow,
  from: { orderGid: string | null; customerGid: string | null; email: string | null; locale: string; items: string },
  dueAt: Date,
  now: Date,
): Promise<number> {
  const [settings, shopRow] = await Promise.all([
    messagingSettings(db, shop),
    db.shop.findUnique({ where: { shop }, select: { timezone: true } }),
  ]);
  const sendAt = nextOpening(dueAt, windowOf(settings, shopRow?.timezone)) ?? dueAt;
  const { orderGid, customerGid, email, locale, items } = from;
  return insertPlanned(db, { shop, key, flow, orderGid, customerGid, email, locale, items, dueAt, sendAt }, now);
}

/** After a review email went: the next reminder, if the shop wants more and the flow is on. */
export const planReviewReminderSubscriber: Subscriber = {
  name: "messaging.plan-review-reminder",
  async handle(event, { db, clock }) {
    const flow = String(event.detail.flow ?? "");
    const messageId = String(event.detail.messageId ?? "");
    if (!isReviewFlow(flow) || !event.orderGid || !messageId) return;
    const sent = await db.message.findFirst({ where: { shop: event.shop, id: messageId } });
    if (!sent || sent.status !== "sent") return;
    const [settings, flows] = await Promise.all([reviewSettings(db, event.shop), flowSettings(db, event.shop)]);
    const reminder = flows.review_reminder;
    if (!reminder.enabled || settings.reminders <= 0) return;
    const planned = await db.message.count({
      where: { shop: event.shop, orderGid: event.orderGid, flow: "review_reminder", status: { notIn: ["cancelled", "suppressed"] } },
    });
    if (planned >= settings.reminders) return;
    const dueAt = new Date((sent.sentAt ?? event.occurredAt).getTime() + reminder.delayMinutes * 60_000);
    await planReviewEmail(
      db,
      event.shop,
      `review_reminder:${event.orderGid}:after:${messageId}`,
      "review_reminder",
      sent,
      dueAt,
      clock.now(),
    );
  },
};

async function pendingReviewMessages(db: Db, shop: string, orderGid: string) {
  return db.message.findMany({
    where: { shop, orderGid, flow: { in: ["review_request", "review_reminder"] }, status: { in: ["planned", "queued"] } },
    select: { id: true, key: true, items: true },
  });
}

/** A review arrived: its item leaves the order's pending review emails (none left → cancelled, "reviewed"). */
export const dropReviewedSubscriber: Subscriber = {
  name: "messaging.drop-reviewed-items",
  async handle(event, { db, events, clock }) {
    const lineItemGid = typeof event.detail.lineItemGid === "string" ? event.detail.lineItemGid : null;
    if (!event.orderGid || !lineItemGid) return;
    const pending = await pendingReviewMessages(db, event.shop, event.orderGid);
    await keepItems(db, events, event.shop, pending, (gid) => gid !== lineItemGid, "reviewed", clock.now());
  },
};

/**
 * A return was started: its items leave the order's pending review emails (one left with none is
 * cancelled, "order_returned"). A return whose items are unknown (an older event) stops them all.
 */
export const cancelReviewsOnReturnSubscriber: Subscriber = {
  name: "messaging.cancel-reviews-on-return",
  async handle(event, { db, events, clock }) {
    if (!event.orderGid) return;
    const pending = await pendingReviewMessages(db, event.shop, event.orderGid);
    const returned = new Set(returnedItems(event));
    if (returned.size)
      return void (await keepItems(db, events, event.shop, pending, (gid) => !returned.has(gid), "order_returned", clock.now()));
    await cancelMessages(
      db,
      events,
      event.shop,
      pending.map((m) => m.id),
      "order_returned",
      clock.now(),
    );
  },
};

export type PostponeResult = { state: "postponed" | "already"; until: Date } | { state: "late" };

/**
 * "Not arrived yet": the order's pending reminders make way for the request again in 7 days (its
 * reminders follow it as usual). Once per order; a second press says when it will come.
 */
export async function postponeReviewRequest(db: Db, events: EventLog, shop: string, orderGid: string, now: Date): Promise<PostponeResult> {
  const key = `review_request:${orderGid}:postponed`;
  const existing = await db.message.findFirst({ where: { shop, key }, select: { dueAt: true } });
  if (existing) return { state: "already", until: existing.dueAt };
  const last = await db.message.findFirst({
    where: { shop, orderGid, flow: { in: ["review_request", "review_reminder"] } },
    orderBy: { createdAt: "desc" },
  });
  if (!last) return { state: "late" };
  const until = new Date(now.getTime() + POSTPONE_DAYS * DAY);
  const inserted = await planReviewEmail(db, shop, key, "review_request", last, until, now);
  if (!inserted) {
    const again = await db.message.findFirst({ where: { shop, key }, select: { dueAt: true } });
    return { state: "already", until: again?.dueAt ?? until };
  }
  const waiting = (await pendingReviewMessages(db, shop, orderGid)).filter((m) => m.key !== key);
  await cancelMessages(
    db,
    events,
    shop,
    waiting.map((m) => m.id),
    "postponed",
    now,
  );
  await events.append(
    shop,
    [
      {
        type: "review.request_postponed",
        key: `review-request-postponed:${orderGid}`,
        orderGid,
        customerGid: last.customerGid,
        occurredAt: now,
        detail: { until: until.toISOString() },
      },
    ],
    { source: "app" },
  );
  return { state: "postponed", until };
}
