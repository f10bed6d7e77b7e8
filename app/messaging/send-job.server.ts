// Sends one claimed message, exactly once. Before anything leaves, the rules are checked again as
// they are now (flow switched on, an address, not unsubscribed, consent for marketing, the send
// window unless the flow sends at once, the frequency cap, dry-run). Then the row is marked
// `sending`, the SMTP transaction runs, and the row is marked `sent`. A job that finds its message
// still `sending` ran before and died inside that window: the shop's policy decides (ask → `stuck`
// in the Outbox; resend; drop). SMTP outages retry with the job layer's backoff; a 5xx refusal is
// recorded as failed and stops.
import { z } from "zod";
import type { EventLog } from "~/events/log.server";
import type { Clock } from "~/platform/clock";
import { dialectOf, type Db } from "~/platform/db.server";
import { AppError } from "~/platform/errors";
import { defineJob } from "~/platform/jobs/registry.server";
import type { JobQueue } from "~/platform/jobs/types";
import type { Mailer } from "~/platform/mailer.server";
import { asDate, sqlOf } from "~/platform/sql.server";
import { compose, crossSellDiscount, type ComposeDeps, type MessageRow } from "./compose.server";
import type { RenderedEmail } from "./email/model";
import { renderEmail } from "./email/render.server";
import { SEND_MESSAGE_JOB } from "./dispatch.server";
import { capDecision, capLookbackDays, nextOpening } from "./schedule";
import { capOf, flowSettings, messagingSettings, windowOf, type MessagingSettingsValues } from "./settings.server";
import { messageIdFor } from "./signed-links";
import { isPointsFlow } from "./points-reminders.server";
import { isReviewFlow, reviewCapHit } from "./review-requests.server";
import { noteNotSent, noteSent } from "./timeline.server";
import { isSuppressed } from "./unsubscribe.server";
import { isReturnFlow } from "./return-update";
import { FLOWS, sendsAtOnce, type Flow, type MessageReason } from "./types";

export interface SendDeps extends ComposeDeps {
  clock: Clock;
  events: EventLog;
  jobs: () => JobQueue;
  mailer: () => Mailer;
}

const DAY = 86_400_000;

interface Row extends MessageRow {
  status: string;
  items: string;
  immediate: boolean;
  claimedAt: Date | null;
  email: string;
}

async function load(db: Db, shop: string, id: string): Promise<(Omit<Row, "email"> & { email: string | null }) | null> {
  const m = await db.message.findFirst({ where: { shop, id } });
  if (!m || !(FLOWS as readonly string[]).includes(m.flow)) return null;
  return { ...m, flow: m.flow as Flow };
}

/** Moves a message from one status to another only if it is still in `from` (and, if given, still under that claim); true when it moved. */
async function move(
  db: Db,
  shop: string,
  id: string,
  from: string[],
  set: Record<string, unknown>,
  now: Date,
  claimedAt?: number,
): Promise<boolean> {
  const columns = Object.keys(set);
  const changed = await sqlOf(db).run(
    `UPDATE "Message" SET ${columns.map((c) => `"${c}" = ?`).join(", ")}, "updatedAt" = ? WHERE "shop" = ? AND "id" = ? AND "status" IN (${from.map(() => "?").join(", ")})${
      claimedAt === undefined ? "" : ` AND "claimedAt" = ?`
    }`,
    [...columns.map((c) => set[c]), now, shop, id, ...from, ...(claimedAt === undefined ? [] : [new Date(claimedAt)])],
  );
  return changed === 1;
}

async function stop(
  deps: SendDeps,
  m: Row | (Omit<Row, "email"> & { email: string | null }),
  status: "cancelled" | "suppressed" | "failed",
  reason: MessageReason,
  now: Date,
  from = ["queued"],
) {
  if (await move(deps.db, m.shop, m.id, from, { status, reason }, now)) await noteNotSent(deps.events, m.shop, m, status, reason, now);
}

/** When the customer's marketing emails went (sent, or being sent now), within the cap's longest period. */
async function marketingSentTimes(db: Db, shop: string, email: string, exceptId: string, now: Date, days: number): Promise<Date[]> {
  const rows = await sqlOf(db).all<{ at: unknown }>(
    `SELECT COALESCE("sentAt", "sendingAt") AS "at" FROM "Message"
      WHERE "shop" = ? AND "email" = ? AND "category" = 'marketing' AND "status" IN ('sent', 'sending') AND "id" <> ? AND COALESCE("sentAt", "sendingAt") > ?`,
    [shop, email, exceptId, new Date(now.getTime() - days * DAY)],
  );
  return rows.map((r) => asDate(r.at)!);
}

/**
 * Marks the message `sending`. Marketing checks the cap in the same transaction (PostgreSQL: under
 * a per-customer advisory lock), so two of a customer's messages sent at once cannot both pass it.
 */
async function markSending(db: Db, m: Row, settings: MessagingSettingsValues, now: Date): Promise<boolean> {
  const sql = sqlOf(db);
  // Each rule of the cap as a condition: fewer of the address's marketing emails in its period than it allows.
  const rules = m.category === "marketing" ? capOf(settings).rules.filter((r) => r.count > 0) : [];
  const underCap = rules.map(
    () =>
      ` AND (SELECT COUNT(*) FROM "Message" x WHERE x."shop" = ? AND x."email" = ? AND x."category" = 'marketing'` +
      ` AND x."status" IN ('sent', 'sending') AND x."id" <> ? AND COALESCE(x."sentAt", x."sendingAt") > ?) < ?`,
  );
  const update = {
    sql: `UPDATE "Message" SET "status" = 'sending', "sendingAt" = ?, "attempts" = "attempts" + 1, "updatedAt" = ? WHERE "shop" = ? AND "id" = ? AND "status" = 'queued'${underCap.join("")}`,
    args: [now, now, m.shop, m.id, ...rules.flatMap((r) => [m.shop, m.email, m.id, new Date(now.getTime() - r.days * DAY), r.count])],
  };
  const statements =
    rules.length && dialectOf(db) === "postgresql"
      ? [{ sql: `SELECT pg_advisory_xact_lock(hashtext(?))`, args: [`aftercare-cap:${m.shop}:${m.email}`] }, update]
      : [update];
  const results = await sql.batch(statements);
  return results[results.length - 1].changes === 1;
}

export async function sendMessage(deps: SendDeps, shop: string, id: string, claimedAt?: number): Promise<void> {
  const { db, clock } = deps;
  const found = await load(db, shop, id);
  if (!found) return;
  // A job of an earlier claim (the row was released and claimed again since): the newer job sends.
  if (claimedAt !== undefined && found.claimedAt?.getTime() !== claimedAt) return;
  const now = clock.now();
  const settings = await messagingSettings(db, shop);
  if (found.status === "sending") {
    // This job ran before and died between `sending` and `sent`: the email may or may not have gone.
    if (settings.stuckPolicy === "drop") return stop(deps, found, "cancelled", "interrupted", now, ["sending"]);
    if (settings.stuckPolicy === "ask") {
      await move(db, shop, id, ["sending"], { status: "stuck", reason: "interrupted" }, now);
      return;
    }
    if (!(await move(db, shop, id, ["sending"], { status: "queued" }, now))) return;
    found.status = "queued";
  }
  // The job of the dispatcher's claim takes the message (the outbox's "send now" queues it itself).
  if (found.status === "planned" && claimedAt !== undefined) {
    if (!(await move(db, shop, id, ["planned"], { status: "queued" }, now, claimedAt))) return;
    found.status = "queued";
  }
  if (found.status !== "queued") return;
  const [shopRow, flows] = await Promise.all([
    db.shop.findUnique({ where: { shop }, select: { state: true, timezone: true, name: true } }),
    flowSettings(db, shop),
  ]);
  if (!shopRow || shopRow.state === "uninstalled") return stop(deps, found, "cancelled", "shop_uninstalled", now);
  const flow = flows[found.flow];
  if (!flow.enabled) return stop(deps, found, "cancelled", "flow_disabled", now);
  if (!found.email) return stop(deps, found, "suppressed", "no_email", now);
  const m: Row = { ...found, email: found.email.toLowerCase() };
  if (await isSuppressed(db, shop, m.email, m.category)) return stop(deps, m, "suppressed", "unsubscribed", now);
  if (m.category === "marketing") {
    const customer = m.customerGid
      ? await db.customer.findUnique({
          where: { shop_customerGid: { shop, customerGid: m.customerGid } },
          select: { marketingState: true },
        })
      : null;
    if (customer?.marketingState !== "SUBSCRIBED") return stop(deps, m, "suppressed", "no_consent", now);
  }
  const window = windowOf(settings, shopRow.timezone);
  if (!m.immediate && !sendsAtOnce(m.flow)) {
    const opening = nextOpening(now, window);
    if (opening && opening.getTime() > now.getTime()) {
      await move(db, shop, id, ["queued"], { status: "planned", sendAt: opening, claimedAt: null }, now);
      return;
    }
  }
  if (m.category === "marketing") {
    const cap = capOf(settings);
    const decision = capDecision(await marketingSentTimes(db, shop, m.email, m.id, now, capLookbackDays(cap)), now, cap);
    if (!decision.allowed) return capped(deps, m, settings, decision.freeAt, now);
  }
  if (m.flow === "review_request" && (await reviewCapHit(db, m, now))) return stop(deps, m, "suppressed", "review_cap", now);
  if (settings.dryRun) return stop(deps, m, "suppressed", "dry_run", now);

  const model = await compose(deps, m, { settings, flow, shopName: shopRow.name ?? shop, now, items: JSON.parse(m.items) as string[] });
  if (!model) return stop(deps, m, "suppressed", notComposedReason(m.flow), now);

  if (!(await markSending(db, m, settings, now))) {
    // Cancelled meanwhile, or another of the customer's emails took the cap's last place.
    const again = await load(db, shop, id);
    if (again?.status === "queued") {
      const cap = capOf(settings);
      const decision = capDecision(await marketingSentTimes(db, shop, m.email, m.id, now, capLookbackDays(cap)), now, cap);
      await capped(deps, m, settings, decision.allowed ? new Date(now.getTime() + 60_000) : decision.freeAt, now);
    }
    return;
  }
  // From here the email is going: side effects that belong to it happen now, and only now.
  let discountCode: string | null = null;
  let email: RenderedEmail;
  try {
    if (m.flow === "cross_sell") {
      const discount = await crossSellDiscount(deps, m, flow, now);
      if (discount) {
        model.discount = { ...discount, timeZone: window.timeZone };
        discountCode = discount.code;
      }
    }
    email = await renderEmail(model);
  } catch (error) {
    // Nothing was sent: back in the queue, and the job retries.
    await move(db, shop, id, ["sending"], { status: "queued", lastError: (error as Error).message.slice(0, 1_000) }, now);
    throw error;
  }
  try {
    await deps.mailer().send({
      to: m.email,
      subject: email.subject,
      text: email.text,
      html: email.html,
      category: m.category === "marketing" ? "marketing" : "transactional",
      unsubscribeUrl: model.unsubscribeUrl,
      replyTo: settings.replyTo ?? undefined,
      fromName: settings.senderName ?? shopRow.name ?? undefined,
      idempotencyKey: `${shop}:${m.key}`,
      messageId: messageIdFor(shop, m.key),
    });
  } catch (error) {
    const message = (error as Error).message.slice(0, 1_000);
    if (error instanceof AppError && error.code === "MAIL_REJECTED") {
      await move(db, shop, id, ["sending"], { lastError: message }, now);
      return stop(deps, m, "failed", "rejected", now, ["sending"]);
    }
    // Not sent (the server was unreachable or said "try later"): back in the queue; the job retries.
    await move(db, shop, id, ["sending"], { status: "queued", lastError: message }, now);
    throw error;
  }
  const sentAt = clock.now();
  if (
    await move(
      db,
      shop,
      id,
      ["sending"],
      { status: "sent", sentAt, subject: email.subject, discountCode, reason: null, lastError: null },
      sentAt,
    )
  ) {
    await noteSent(deps.events, shop, { ...m, subject: email.subject, discountCode }, sentAt);
  }
}

/** Why compose() had nothing to say, by flow. */
function notComposedReason(flow: Flow): MessageReason {
  if (isPointsFlow(flow)) return "no_points";
  if (isReviewFlow(flow)) return "reviewed";
  if (isReturnFlow(flow)) return "no_return";
  return "no_products";
}

async function capped(deps: SendDeps, m: Row, settings: MessagingSettingsValues, freeAt: Date, now: Date) {
  if (settings.capAction === "suppress") return stop(deps, m, "suppressed", "frequency_cap", now);
  const shopRow = await deps.db.shop.findUnique({ where: { shop: m.shop }, select: { timezone: true } });
  const sendAt = nextOpening(freeAt, windowOf(settings, shopRow?.timezone)) ?? freeAt;
  await sqlOf(deps.db).run(
    `UPDATE "Message" SET "status" = 'planned', "sendAt" = ?, "reason" = 'postponed_cap', "postponed" = "postponed" + 1, "claimedAt" = NULL, "updatedAt" = ? WHERE "shop" = ? AND "id" = ? AND "status" = 'queued'`,
    [sendAt, now, m.shop, m.id],
  );
}

export function sendMessageJob(deps: SendDeps) {
  return defineJob({
    name: SEND_MESSAGE_JOB,
    schema: z.object({ shop: z.string(), messageId: z.string(), claimedAt: z.number().optional() }),
    maxAttempts: 10,
    async run({ shop, messageId, claimedAt }) {
      await sendMessage(deps, shop, messageId, claimedAt);
    },
    async onFailure({ shop, messageId }, failure) {
      const now = deps.clock.now();
      if (failure.retryAt) {
        await move(deps.db, shop, messageId, ["queued"], { lastError: failure.error }, now);
        return;
      }
      const m = await load(deps.db, shop, messageId);
      if (m) {
        await move(deps.db, shop, messageId, ["queued"], { lastError: failure.error }, now);
        await stop(deps, m, "failed", "gave_up", now, ["queued"]);
      }
    },
  });
}
