// Builds a message's email from what the app knows when it is sent: the customer's words (the
// merchant's template or the default, in the customer's locale), the shop's branding, and the
// flow's blocks — the order's items with their care links and the one-click CSAT question, or the
// cross-sell's products (merchant rules first, else Shopify's recommendations; never bought
// before, never out of stock) with an optional single-use code created only now, or a return's
// status update.
import type { Db } from "~/platform/db.server";
import { AppError } from "~/platform/errors";
import { pickLocale, type Locale } from "~/i18n/locale";
import { formatMoney } from "~/orders/format-money";
import { toMinorUnits } from "~/orders/money";
import type { EmailItem, EmailModel, EmailProduct } from "./email/model";
import { CrossSellDiscountCreate, ProductCollections } from "./messaging.operations";
import { ProductRecommendations, StorefrontProducts, type StorefrontProduct } from "./recommendations.storefront";
import type { FlowSettings, MessagingSettingsValues } from "./settings.server";
import { templateCopy } from "./settings.server";
import { admin, productImages, storefront, STOREFRONT_LANGUAGE, type ShopifyConfig } from "./shopify.server";
import { CSAT_LINK_DAYS, csatToken, discountCodeFor, unsubscribeToken } from "./signed-links";
import { isPointsFlow, pointsBlock } from "./points-reminders.server";
import { fillCopy } from "./template-vars";
import { isReviewFlow, reviewBlock } from "./review-requests.server";
import { isReturnFlow } from "./return-update";
import { returnBlock } from "./return-updates.server";
import { returnStatusUrl } from "~/returns/status-link";
import type { Flow } from "./types";

export interface ComposeDeps {
  db: Db;
  shopify: ShopifyConfig;
  /** Public origin of the app (SHOPIFY_APP_URL), for CSAT and unsubscribe links. */
  appUrl: string;
  secret: string;
}

export interface MessageRow {
  id: string;
  shop: string;
  key: string;
  flow: Flow;
  category: string;
  orderGid: string | null;
  customerGid: string | null;
  email: string;
  locale: string;
}

const DAY = 86_400_000;

function linkTo(appUrl: string, path: string): string {
  return `${appUrl.replace(/\/$/, "")}${path}`;
}

export function unsubscribeUrl(
  deps: Pick<ComposeDeps, "appUrl" | "secret">,
  m: Pick<MessageRow, "shop" | "email" | "customerGid" | "locale" | "id">,
) {
  const token = unsubscribeToken(deps.secret, { shop: m.shop, email: m.email, customer: m.customerGid, locale: m.locale, message: m.id });
  return linkTo(deps.appUrl, `/m/unsubscribe/${token}`);
}

export function csatLinks(
  deps: Pick<ComposeDeps, "appUrl" | "secret">,
  m: Pick<MessageRow, "shop" | "orderGid" | "customerGid" | "locale">,
  now: Date,
) {
  const token = csatToken(deps.secret, {
    shop: m.shop,
    order: m.orderGid ?? "",
    customer: m.customerGid,
    locale: m.locale,
    exp: now.getTime() + CSAT_LINK_DAYS * DAY,
  });
  return [1, 2, 3, 4, 5].map((score) => linkTo(deps.appUrl, `/m/csat/${token}?score=${score}`));
}

interface Line {
  lineItemGid: string;
  productGid: string | null;
  title: string;
  variantTitle: string | null;
  quantity: number;
}

async function orderLines(db: Db, shop: string, orderGid: string, items: string[]): Promise<Line[]> {
  const rows = await db.orderLine.findMany({
    where: { shop, orderGid, lineItemGid: { in: items } },
    select: { lineItemGid: true, productGid: true, title: true, variantTitle: true, quantity: true },
    orderBy: { id: "asc" },
  });
  return rows;
}

/** Product GID → its collections' GIDs, asked of Shopify only when the shop has rules that name a collection. */
async function collectionsOf(deps: ComposeDeps, shop: string, productGids: string[], needed: boolean): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!needed || !productGids.length) return out;
  const client = await admin(deps.db, shop, deps.shopify);
  const { nodes } = await client.request(ProductCollections, { ids: productGids });
  for (const n of nodes)
    if (n)
      out.set(
        n.id,
        n.collections.nodes.map((c) => c.id),
      );
  return out;
}

function productCard(p: StorefrontProduct, locale: Locale): EmailProduct {
  const { amount, currencyCode } = p.priceRange.minVariantPrice;
  let price = `${amount} ${currencyCode}`;
  try {
    price = formatMoney(toMinorUnits(amount, currencyCode), currencyCode, locale);
  } catch {
    // An amount we cannot read exactly is shown as Shopify sent it.
  }
  return { title: p.title, url: p.onlineStoreUrl ?? "", imageUrl: p.featuredImage?.url ?? null, price };
}

async function followUpBlocks(deps: ComposeDeps, m: MessageRow, lines: Line[], now: Date): Promise<Pick<EmailModel, "items" | "csat">> {
  const { db } = deps;
  const guides = await db.productGuide.findMany({ where: { shop: m.shop }, orderBy: { createdAt: "asc" } });
  const productGids = [...new Set(lines.flatMap((l) => (l.productGid ? [l.productGid] : [])))];
  const collections = await collectionsOf(
    deps,
    m.shop,
    productGids,
    guides.some((g) => g.targetType === "collection"),
  );
  const images = await productImages(db, m.shop, deps.shopify, productGids, pickLocale([m.locale]));
  const items: EmailItem[] = lines.map((l) => {
    const targets = new Set([l.productGid, ...(l.productGid ? (collections.get(l.productGid) ?? []) : [])]);
    return {
      title: l.title,
      variantTitle: l.variantTitle && l.variantTitle !== "Default Title" ? l.variantTitle : null,
      quantity: l.quantity,
      imageUrl: l.productGid ? (images.get(l.productGid) ?? null) : null,
      guides: guides.filter((g) => targets.has(g.targetGid)).map((g) => ({ title: g.title, url: g.url })),
    };
  });
  return { items, csat: { links: csatLinks(deps, m, now) } };
}

/** Products the customer has bought (any order of theirs the app holds). */
async function boughtProducts(db: Db, shop: string, m: MessageRow): Promise<Set<string>> {
  const orders = await db.order.findMany({
    where: { shop, OR: [...(m.customerGid ? [{ customerGid: m.customerGid }] : []), { email: m.email }] },
    select: { orderGid: true },
  });
  const lines = await db.orderLine.findMany({
    where: { shop, orderGid: { in: orders.map((o) => o.orderGid) }, productGid: { not: null } },
    select: { productGid: true },
  });
  return new Set(lines.map((l) => l.productGid!));
}

async function crossSellProducts(deps: ComposeDeps, m: MessageRow, lines: Line[], flow: FlowSettings): Promise<EmailProduct[]> {
  const { db } = deps;
  const locale = pickLocale([m.locale]);
  const language = STOREFRONT_LANGUAGE[locale];
  const bought = await boughtProducts(db, m.shop, m);
  const sources = [...new Set(lines.flatMap((l) => (l.productGid ? [l.productGid] : [])))];
  const rules = await db.crossSellRule.findMany({ where: { shop: m.shop }, orderBy: { createdAt: "asc" } });
  const collections = await collectionsOf(
    deps,
    m.shop,
    sources,
    rules.some((r) => r.sourceType === "collection"),
  );
  const picked: StorefrontProduct[] = [];
  const seen = new Set<string>();
  const take = (candidates: (StorefrontProduct | null)[]) => {
    for (const p of candidates) {
      if (picked.length >= flow.productCount) return;
      if (!p || seen.has(p.id) || bought.has(p.id) || !p.availableForSale || !p.onlineStoreUrl) continue;
      seen.add(p.id);
      picked.push(p);
    }
  };
  const targets = new Set(sources.flatMap((s) => [s, ...(collections.get(s) ?? [])]));
  const ruled = [...new Set(rules.filter((r) => targets.has(r.sourceGid)).flatMap((r) => JSON.parse(r.productGids) as string[]))];
  if (ruled.length) {
    const { nodes } = await storefront(db, m.shop, deps.shopify, StorefrontProducts, { ids: ruled, language });
    take(nodes);
  }
  for (const intent of ["COMPLEMENTARY", "RELATED"] as const) {
    for (const productId of sources) {
      if (picked.length >= flow.productCount) break;
      const { productRecommendations } = await storefront(db, m.shop, deps.shopify, ProductRecommendations, {
        productId,
        intent,
        language,
      });
      take(productRecommendations ?? []);
    }
  }
  return picked.map((p) => productCard(p, locale));
}

/**
 * Creates the customer's single-use code, when the email is about to go (once: the code is derived
 * from the message, so a retry finds it taken and reuses it). Null when the flow offers none.
 */
export async function crossSellDiscount(
  deps: ComposeDeps,
  m: MessageRow,
  flow: FlowSettings,
  now: Date,
): Promise<{ code: string; percent: number; endsAt: Date } | null> {
  if (!flow.discountPercent || !m.customerGid) return null;
  const code = discountCodeFor(deps.secret, m.shop, m.key);
  const endsAt = new Date(now.getTime() + flow.discountDays * DAY);
  const client = await admin(deps.db, m.shop, deps.shopify);
  const { discountCodeBasicCreate: r } = await client.request(CrossSellDiscountCreate, {
    basicCodeDiscount: {
      title: `Aftercare cross-sell ${code}`,
      code,
      startsAt: now.toISOString(),
      endsAt: endsAt.toISOString(),
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { customers: { add: [m.customerGid] } },
      customerGets: { value: { percentage: flow.discountPercent / 100 }, items: { all: true } },
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
    },
  });
  const errors = r.userErrors.filter((e) => e.code !== "TAKEN");
  if (errors.length) throw new AppError("SHOPIFY_GRAPHQL_ERROR", `discountCodeBasicCreate: ${errors.map((e) => e.message).join("; ")}`);
  return { code, percent: flow.discountPercent, endsAt };
}

export interface ComposeContext {
  settings: MessagingSettingsValues;
  flow: FlowSettings;
  shopName: string;
  now: Date;
  items: string[];
}

/**
 * The email for a message, without side effects (a cross-sell's discount code is added by the
 * sender, once the message is `sending`); null when there is nothing to say (no product to suggest,
 * or a points reminder whose reminder, or a return update whose return event, is gone).
 */
export async function compose(deps: ComposeDeps, m: MessageRow, c: ComposeContext): Promise<EmailModel | null> {
  const { db } = deps;
  const locale = pickLocale([m.locale]);
  const [copy, order, customer] = await Promise.all([
    templateCopy(db, m.shop, m.flow, locale),
    m.orderGid ? db.order.findUnique({ where: { shop_orderGid: { shop: m.shop, orderGid: m.orderGid } }, select: { name: true } }) : null,
    m.customerGid
      ? db.customer.findUnique({ where: { shop_customerGid: { shop: m.shop, customerGid: m.customerGid } }, select: { firstName: true } })
      : null,
  ]);
  const words = fillCopy(copy, { first_name: customer?.firstName ?? "", order_name: order?.name ?? "", shop_name: c.shopName });
  const lines = m.orderGid ? await orderLines(db, m.shop, m.orderGid, c.items) : [];
  const model: EmailModel = {
    flow: m.flow,
    locale,
    ...words,
    branding: { shopName: c.shopName, logoUrl: c.settings.logoUrl, accentColor: c.settings.accentColor, contactUrl: c.settings.contactUrl },
    unsubscribeUrl: unsubscribeUrl(deps, m),
    utmCampaign: m.flow,
  };
  if (isPointsFlow(m.flow)) {
    const points = await pointsBlock(db, { ...m, flow: m.flow });
    if (!points) return null;
    model.points = points;
  } else if (isReturnFlow(m.flow)) {
    const update = await returnBlock(db, { ...m, flow: m.flow }, (orderGid, caseId) =>
      returnStatusUrl(deps.secret, m.shop, orderGid, caseId, c.now),
    );
    if (!update) return null;
    model.returnUpdate = update;
  } else if (m.flow === "delivery_follow_up") {
    Object.assign(model, await followUpBlocks(deps, m, lines, c.now));
  } else if (isReviewFlow(m.flow)) {
    const reviews = await reviewBlock(deps, m, lines, c.now);
    if (!reviews) return null;
    model.reviews = reviews;
  } else {
    const products = await crossSellProducts(deps, m, lines, c.flow);
    if (!products.length) return null;
    model.products = products;
  }
  return model;
}
