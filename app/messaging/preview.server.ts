// The flow editor's live preview and "Send test": the email as a customer would get it, with the
// merchant's unsaved words, built from the shop's most recent delivered order (else sample data;
// a return's update shows a sample return of that order's items, a points reminder sample points).
// A preview never creates a discount code (compose() has no side effects; a sample code is shown), its CSAT buttons record nothing,
// and a marketing test's unsubscribe link unsubscribes only the test's own recipient.
import { z } from "zod";
import { pickLocale, type Locale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import type { Clock } from "~/platform/clock";
import { AppError } from "~/platform/errors";
import type { Mailer } from "~/platform/mailer.server";
import { formatMoney } from "~/orders/format-money";
import { validTimeZone } from "~/orders/format-time";
import { compose, unsubscribeUrl, type ComposeDeps } from "./compose.server";
import type { EmailItem, EmailModel, EmailProduct, RenderedEmail } from "./email/model";
import { renderEmail } from "./email/render.server";
import { isPointsFlow } from "./points-reminders.server";
import { isReturnFlow, stepOf, type ReturnFlow } from "./return-update";
import { flowSettings, messagingSettings, type FlowSettings, type MessagingSettingsValues } from "./settings.server";
import { fillCopy, type TemplateValues } from "./template-vars";
import { FLOW_CATEGORY, type Flow, type TemplateCopy } from "./types";

export interface PreviewDeps extends ComposeDeps {
  clock: Clock;
}

export type PreviewOptions = Partial<Pick<FlowSettings, "productCount" | "discountPercent" | "discountDays">>;

export interface PreviewRequest {
  flow: Flow;
  locale: Locale;
  /** The editor's words, saved or not. */
  copy: TemplateCopy;
  /** The editor's unsaved cross-sell options. */
  options?: PreviewOptions;
  /** Whom a marketing email's unsubscribe link would unsubscribe (a test's recipient; else the shop's address). */
  recipient?: string | null;
}

export interface Preview extends RenderedEmail {
  /** What the preview is built from: the shop's most recent delivered order, or sample data. */
  source: { kind: "order"; orderName: string } | { kind: "sample" } | { kind: "points" };
  /** The order gave no product to suggest (or Shopify could not be asked): sample products are shown. */
  sampleProducts: boolean;
}

/** The balance a points reminder's preview shows (the reminder is about a customer, not an order). */
export const SAMPLE_POINTS = 1_250;

/** The code a preview shows where a real cross-sell email has the customer's own single-use code. */
export const SAMPLE_DISCOUNT_CODE = "THANKS-SAMPLE";
const DAY = 86_400_000;

interface Base {
  /** Everything but the words and the links that depend on who reads it. */
  model: Omit<EmailModel, "subject" | "heading" | "body">;
  values: TemplateValues;
  source: Preview["source"];
  sampleProducts: boolean;
}

// The order, its items, guides and product suggestions cost Shopify calls; the words change on every
// keystroke. So the rest is kept for a minute per (shop, flow, locale, options).
const BASE_TTL_MS = 60_000;
const MAX_CACHED = 200;
const cache = new Map<string, { base: Base; expires: number }>();

/** Forgets the shop's cached previews (its care links or cross-sell rules changed). */
export function forgetPreviews(shop: string): void {
  for (const key of cache.keys()) if (key.startsWith(`${shop}\n`)) cache.delete(key);
}

function effectiveFlow(flows: Record<Flow, FlowSettings>, flow: Flow, options: PreviewOptions = {}): FlowSettings {
  const saved = flows[flow];
  const pick = <K extends keyof PreviewOptions>(key: K, ok: (v: NonNullable<PreviewOptions[K]>) => boolean): FlowSettings[K] => {
    const v = options[key];
    return (v !== undefined && (v === null || ok(v as NonNullable<PreviewOptions[K]>)) ? v : saved[key]) as FlowSettings[K];
  };
  return {
    ...saved,
    productCount: pick("productCount", (n) => Number.isInteger(n) && n >= 1 && n <= 6),
    discountPercent: pick("discountPercent", (n) => Number.isInteger(n) && n >= 1 && n <= 90),
    discountDays: pick("discountDays", (n) => Number.isInteger(n) && n >= 1 && n <= 365),
  };
}

function sampleItems(locale: Locale, guides: { title: string; url: string }[]): EmailItem[] {
  const t = translator(locale);
  return [
    {
      title: t("messaging.preview.sample.item1"),
      variantTitle: t("messaging.preview.sample.variant1"),
      quantity: 1,
      imageUrl: null,
      guides,
    },
    { title: t("messaging.preview.sample.item2"), variantTitle: null, quantity: 2, imageUrl: null, guides: [] },
  ];
}

function sampleProducts(locale: Locale, count: number, shop: string, currency: string): EmailProduct[] {
  const t = translator(locale);
  const prices = [4900, 12900, 7900, 3500, 19900, 5900];
  return Array.from({ length: count }, (_, i) => ({
    title: t("messaging.preview.sample.product", { number: i + 1 }),
    url: `https://${shop}/`,
    imageUrl: null,
    price: formatMoney(prices[i % prices.length], currency, locale),
  }));
}

async function buildBase(
  deps: PreviewDeps,
  shop: string,
  flow: Flow,
  locale: Locale,
  f: FlowSettings,
  settings: MessagingSettingsValues,
  now: Date,
): Promise<Base> {
  const { db } = deps;
  const shopRow = await db.shop.findUnique({ where: { shop }, select: { name: true, timezone: true, currency: true } });
  const shopName = shopRow?.name ?? shop;
  const timeZone = validTimeZone(shopRow?.timezone) ?? "UTC";
  const currency = shopRow?.currency ?? "USD";
  const t = translator(locale);
  // Newest placed first on the (shop, processedAt) index, until one that was delivered.
  const order = await db.order.findFirst({
    where: { shop, deliveredAt: { not: null }, cancelledAt: null },
    orderBy: { processedAt: "desc" },
    select: { orderGid: true, name: true, email: true, customerGid: true },
  });
  const branding = { shopName, logoUrl: settings.logoUrl, accentColor: settings.accentColor, contactUrl: settings.contactUrl };
  const base: Base = {
    model: { flow, locale, branding, utmCampaign: flow },
    values: { first_name: t("messaging.preview.sample.firstName"), order_name: "#1001", shop_name: shopName },
    source: { kind: "sample" },
    sampleProducts: false,
  };
  if (isPointsFlow(flow)) {
    // A reminder is about a customer's points, not an order: sample points, expiring as the stage would say.
    base.source = { kind: "points" };
    base.model.points = {
      stage: flow === "points_last_chance" ? "last_chance" : "warning",
      points: SAMPLE_POINTS,
      expiresAt: new Date(now.getTime() + (flow === "points_last_chance" ? 7 : 30) * DAY),
      timeZone,
      url: `https://${shop}/account`,
    };
    return base;
  }
  if (isReturnFlow(flow)) return sampleReturnBase(deps, shop, flow, locale, base, order, currency);
  if (order) {
    const customer = order.customerGid
      ? await db.customer.findUnique({ where: { shop_customerGid: { shop, customerGid: order.customerGid } }, select: { firstName: true } })
      : null;
    base.values = { first_name: customer?.firstName ?? "", order_name: order.name, shop_name: shopName };
    base.source = { kind: "order", orderName: order.name };
    const lines = await db.orderLine.findMany({ where: { shop, orderGid: order.orderGid }, orderBy: { id: "asc" } });
    let composed: EmailModel | null = null;
    try {
      composed = await compose(
        deps,
        {
          id: "preview",
          shop,
          key: `preview:${flow}:${order.orderGid}`,
          flow,
          category: FLOW_CATEGORY[flow],
          orderGid: order.orderGid,
          customerGid: order.customerGid,
          email: order.email ?? "",
          locale,
        },
        { settings, flow: f, shopName, now, items: lines.map((l) => l.lineItemGid) },
      );
    } catch {
      // Shopify could not be asked (recommendations, a product's collections): the blocks below stand in.
    }
    if (composed) {
      const { subject: _s, heading: _h, body: _b, ...rest } = composed;
      base.model = rest;
    } else if (flow === "delivery_follow_up") {
      const guides = await db.productGuide.findMany({ where: { shop, targetType: "product" }, orderBy: { createdAt: "asc" } });
      base.model.items = lines.map((l) => ({
        title: l.title,
        variantTitle: l.variantTitle && l.variantTitle !== "Default Title" ? l.variantTitle : null,
        quantity: l.quantity,
        imageUrl: null,
        guides: guides.filter((g) => g.targetGid === l.productGid).map((g) => ({ title: g.title, url: g.url })),
      }));
    }
  } else if (flow === "delivery_follow_up") {
    const guides = await db.productGuide.findMany({ where: { shop }, orderBy: { createdAt: "asc" }, take: 2 });
    base.model.items = sampleItems(
      locale,
      guides.map((g) => ({ title: g.title, url: g.url })),
    );
  }
  if (flow === "delivery_follow_up") {
    // One-click answers in a preview or a test would score a real order: these buttons go nowhere.
    base.model.csat = { links: [1, 2, 3, 4, 5].map((score) => `#score-${score}`) };
  } else {
    if (!base.model.products?.length) {
      base.model.products = sampleProducts(locale, f.productCount, shop, currency);
      base.sampleProducts = true;
    }
    base.model.discount = f.discountPercent
      ? { code: SAMPLE_DISCOUNT_CODE, percent: f.discountPercent, endsAt: new Date(now.getTime() + f.discountDays * DAY), timeZone }
      : undefined;
  }
  return base;
}

/**
 * A return's update as it would look for the shop's most recent delivered order (its items, a refund
 * of their value), else for sample items. Its label, tracking and status links go nowhere.
 */
async function sampleReturnBase(
  deps: PreviewDeps,
  shop: string,
  flow: ReturnFlow,
  locale: Locale,
  base: Base,
  order: { orderGid: string; name: string; customerGid: string | null } | null,
  currency: string,
): Promise<Base> {
  const { db } = deps;
  const t = translator(locale);
  const step = stepOf(flow);
  let lines: { title: string; quantity: number; priceMinor: number }[] = [
    { title: t("messaging.preview.sample.item1"), quantity: 1, priceMinor: 4900 },
    { title: t("messaging.preview.sample.item2"), quantity: 2, priceMinor: 3500 },
  ];
  let name = "#1001-R1";
  if (order) {
    const [rows, customer, orderRow] = await Promise.all([
      db.orderLine.findMany({ where: { shop, orderGid: order.orderGid }, orderBy: { id: "asc" }, take: 3 }),
      order.customerGid
        ? db.customer.findUnique({ where: { shop_customerGid: { shop, customerGid: order.customerGid } }, select: { firstName: true } })
        : null,
      db.order.findUnique({ where: { shop_orderGid: { shop, orderGid: order.orderGid } }, select: { currency: true } }),
    ]);
    if (rows.length) {
      lines = rows.map((l) => ({ title: l.title, quantity: l.quantity, priceMinor: l.priceMinor }));
      currency = orderRow?.currency ?? currency;
    }
    name = `${order.name}-R1`;
    base.values = { ...base.values, first_name: customer?.firstName ?? "", order_name: order.name };
    base.source = { kind: "order", orderName: order.name };
  }
  const label = { url: "#return-label", trackingNumber: "00340434161234567890", trackingUrl: "#tracking", carrier: "DHL" };
  base.model.returnUpdate = {
    step,
    name,
    items: lines.map((l) => ({ title: l.title, quantity: l.quantity, exchangeFor: null })),
    resolution: "refund",
    amounts: { totalMinor: lines.reduce((sum, l) => sum + l.priceMinor * l.quantity, 0), bonusMinor: 0, currency },
    message:
      step === "approved"
        ? t("messaging.preview.sample.returnApproved")
        : step === "declined"
          ? t("messaging.preview.sample.returnDeclined")
          : null,
    label: step === "approved" || step === "label_added" ? label : null,
    statusUrl: "#return-status",
  };
  return base;
}

/** The email with the editor's words, as `request.locale`'s customers would get it. */
export async function previewEmail(deps: PreviewDeps, shop: string, request: PreviewRequest): Promise<Preview> {
  const now = deps.clock.now();
  const locale = pickLocale([request.locale]);
  const [settings, flows, shopRow] = await Promise.all([
    messagingSettings(deps.db, shop),
    flowSettings(deps.db, shop),
    deps.db.shop.findUnique({ where: { shop }, select: { email: true, name: true } }),
  ]);
  const f = effectiveFlow(flows, request.flow, request.options);
  const key = [shop, request.flow, locale, f.productCount, f.discountPercent ?? "", f.discountDays].join("\n");
  let entry = cache.get(key);
  if (!entry || entry.expires <= Date.now()) {
    entry = { base: await buildBase(deps, shop, request.flow, locale, f, settings, now), expires: Date.now() + BASE_TTL_MS };
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, entry);
  }
  const { base } = entry;
  const words = fillCopy(request.copy, { ...base.values, shop_name: shopRow?.name ?? shop });
  const recipient = request.recipient || shopRow?.email || `owner@${shop}`;
  const model: EmailModel = {
    ...base.model,
    ...words,
    // Branding is read fresh, so a change on the settings page shows at once.
    branding: { ...base.model.branding, logoUrl: settings.logoUrl, accentColor: settings.accentColor, contactUrl: settings.contactUrl },
    // Every email carries the marketing unsubscribe (the follow-up too: it never stops order mail).
    unsubscribeUrl: unsubscribeUrl(deps, { shop, email: recipient.toLowerCase(), customerGid: null, locale, id: "test" }),
  };
  const rendered = await renderEmail(model);
  return { ...rendered, source: base.source, sampleProducts: base.sampleProducts };
}

// ─── Send test ───

export const testAddress = z.string().trim().toLowerCase().email().max(254);

export type TestSendFailure = "invalid_address" | "rate_limited" | "mail_not_configured" | "mail_failed";

export class TestSendError extends Error {
  constructor(
    readonly reason: TestSendFailure,
    message: string,
  ) {
    super(message);
    this.name = "TestSendError";
  }
}

/** A shop may send this many tests per window (per process): enough to iterate, too few to mail anyone at scale. */
export const TEST_LIMIT = { count: 20, windowMs: 10 * 60_000 };
const sentTests = new Map<string, number[]>();

function takeTestSlot(shop: string, nowMs: number): boolean {
  const recent = (sentTests.get(shop) ?? []).filter((t) => t > nowMs - TEST_LIMIT.windowMs);
  if (recent.length >= TEST_LIMIT.count) {
    sentTests.set(shop, recent);
    return false;
  }
  recent.push(nowMs);
  sentTests.set(shop, recent);
  return true;
}

/**
 * Sends the preview to `to`, subject prefixed "[Test]", as transactional mail (a test goes to the
 * merchant, who asked for it); a marketing flow's test still carries its unsubscribe link and headers.
 */
export async function sendTestEmail(
  deps: PreviewDeps & { mailer: Mailer },
  shop: string,
  request: PreviewRequest & { to: string },
): Promise<{ to: string; subject: string }> {
  const to = testAddress.safeParse(request.to);
  if (!to.success) throw new TestSendError("invalid_address", "not an email address");
  if (!takeTestSlot(shop, Date.now()))
    throw new TestSendError("rate_limited", `at most ${TEST_LIMIT.count} test emails per ${TEST_LIMIT.windowMs / 60_000} minutes`);
  const preview = await previewEmail(deps, shop, { ...request, recipient: to.data });
  const [settings, shopRow] = await Promise.all([
    messagingSettings(deps.db, shop),
    deps.db.shop.findUnique({ where: { shop }, select: { name: true } }),
  ]);
  const subject = `[Test] ${preview.subject}`;
  const unsubscribe = unsubscribeUrl(deps, { shop, email: to.data, customerGid: null, locale: request.locale, id: "test" });
  try {
    await deps.mailer.send({
      to: to.data,
      subject,
      text: preview.text,
      html: preview.html,
      category: "transactional",
      unsubscribeUrl: unsubscribe,
      replyTo: settings.replyTo ?? undefined,
      fromName: settings.senderName ?? shopRow?.name ?? undefined,
      idempotencyKey: `${shop}:test:${request.flow}:${deps.clock.now().getTime()}`,
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "MAIL_NOT_CONFIGURED") throw new TestSendError("mail_not_configured", error.message);
    throw new TestSendError("mail_failed", (error as Error).message.slice(0, 300));
  }
  return { to: to.data, subject };
}
