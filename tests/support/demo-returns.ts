// The demo shop's returns: once the history import is in, a few seeded customers whose parcels came in
// the last days send something back the way a shopper does it — the storefront's return portal through
// the App Proxy (order number + email, the items, a reason, a photo where the reason asks for one, the
// resolution) — and the merchant works the queue the way a merchant does in the admin (the return
// page's actions, with a session token as App Bridge sends it): one refund processed and closed, one
// store credit with its bonus, one exchange on its way back, one declined, and two waiting for a
// decision, so the Returns page opens on a queue with work in it. Each return goes as far as its story
// says and no further; a start interrupted half-way carries each one on from where it stands, and a
// completed seeding adds nothing.
import { createDb, type Db } from "../../app/platform/db.server";
import type { PortalOrder, Resolution, ReturnStatus } from "../../app/returns/types";
import { historyImported } from "./history-import";
import { appDataRequest, BROWSER_USER_AGENT } from "./app-data-request";
import type { Stack } from "./stack";

type Step = "approve" | "decline" | "label" | "receive" | "process" | "close";

interface DemoReturn {
  reasonCode: string;
  resolution: Resolution;
  note?: string;
  /** The merchant's steps after the request, in order. */
  steps: Step[];
}

export const DEMO_RETURNS: DemoReturn[] = [
  { reasonCode: "too_small", resolution: "refund", steps: ["approve", "label", "receive", "process", "close"] },
  { reasonCode: "changed_mind", resolution: "store_credit", steps: ["approve", "label", "receive", "process"] },
  { reasonCode: "too_large", resolution: "exchange", note: "Poproszę większy rozmiar.", steps: ["approve", "label"] },
  { reasonCode: "changed_mind", resolution: "refund", steps: ["decline"] },
  { reasonCode: "defective", resolution: "refund", note: "Pęknięcie na krawędzi po pierwszym użyciu.", steps: [] },
  { reasonCode: "not_as_described", resolution: "store_credit", steps: [] },
];

/** What the merchant types on the return page for the steps that need words. */
const STEP_FIELDS: Partial<Record<Step, Record<string, string>>> = {
  approve: { message: "Dziękujemy! Etykieta zwrotna dotrze w ciągu dnia." },
  decline: {
    reason: "OTHER",
    message: "Ten produkt był używany dłużej niż pozwala nasza polityka zwrotów. Chętnie pomożemy w inny sposób — napisz do nas.",
  },
  label: { labelUrl: "https://example.com/labels/demo-return.pdf", trackingNumber: "", carrier: "InPost" },
};

/** The status a return has reached once the given step is done. */
const REACHED: Record<Step, ReturnStatus> = {
  approve: "approved",
  decline: "declined",
  label: "in_transit",
  receive: "received",
  process: "processed",
  close: "closed",
};
const ORDER: ReturnStatus[] = ["requested", "approved", "in_transit", "received", "processed", "closed"];

const DAY = 86_400_000;
/** The start of the seeded returns' form keys: `demo-return-<story>-<order number>`. */
const DEMO_KEY = "demo-return";
/** Parcels that came this recently: inside any return window, and too recent for the reviews' seeding. */
const MIN_DAYS_SINCE_DELIVERY = 2;
const MAX_DAYS_SINCE_DELIVERY = 9;

// A 1×1 PNG: what a shopper's photo of a cracked rim stands in for.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

export interface DemoReturnsSeeding {
  returns: number;
  waiting: number;
  changes: number;
}

type SeedStack = Pick<Stack, "shop" | "apiKey" | "apiSecret" | "urls" | "files" | "customer" | "store">;

function openAppDb(stack: Pick<Stack, "files">): Db {
  return createDb(`file:${stack.files.database}`);
}

/** Once the history import is complete, seeds the demo's returns (what is not there yet). Null when nothing changed. */
export async function seedDemoReturns(stack: SeedStack, signal: AbortSignal): Promise<DemoReturnsSeeding | null> {
  await historyImported(stack.files.database, 120_000);
  if (signal.aborted) return null;
  const db = openAppDb(stack);
  try {
    const shopRow = await db.shop.findUnique({ where: { shop: stack.shop }, select: { installedAt: true } });
    if (!shopRow) throw new Error(`the app does not know ${stack.shop}`);
    const candidates = await returnableOrders(db, stack, shopRow.installedAt);
    let changes = 0;
    for (const [index, story] of DEMO_RETURNS.entries()) {
      if (signal.aborted) return null;
      // Each story's return is known by its form's key, whatever has happened to its order since.
      let returnCase = await db.returnCase.findFirst({
        where: { shop: stack.shop, requestKey: { startsWith: `${DEMO_KEY}-${index}-` } },
        select: { id: true },
      });
      if (!returnCase) {
        const taken = new Set(
          (await db.returnCase.findMany({ where: { shop: stack.shop }, select: { orderGid: true } })).map((c) => c.orderGid),
        );
        const order = candidates.find((o) => !taken.has(o.orderGid));
        if (!order) break;
        await requestThroughPortal(stack, order, story, index);
        changes++;
        returnCase = await db.returnCase.findFirst({ where: { shop: stack.shop, orderGid: order.orderGid }, select: { id: true } });
        if (!returnCase) throw new Error(`the portal took the return of ${order.name} but no return is stored`);
      }
      for (const step of story.steps) {
        if (signal.aborted) return null;
        const current = (await db.returnCase.findFirst({ where: { shop: stack.shop, id: returnCase.id }, select: { status: true } }))!
          .status as ReturnStatus;
        if (reached(current, step)) continue;
        const fields: Record<string, string> = { intent: step, ...STEP_FIELDS[step] };
        // A carrier's number for the label step, the same across starts.
        const trackingNumber = `DEMO${returnCase.id.slice(-8).toUpperCase()}PL`;
        if (step === "label") fields.trackingNumber = trackingNumber;
        await merchantAction(stack, returnCase.id, fields);
        changes++;
      }
    }
    const rows = await db.returnCase.findMany({ where: { shop: stack.shop }, select: { status: true } });
    const seeding = { returns: rows.length, waiting: rows.filter((r) => r.status === "requested").length, changes };
    return changes > 0 ? seeding : null;
  } finally {
    await db.$disconnect();
  }
}

function reached(current: ReturnStatus, step: Step): boolean {
  if (step === "decline") return current !== "requested";
  const at = ORDER.indexOf(current);
  return at >= 0 && at >= ORDER.indexOf(REACHED[step]);
}

interface ReturnableOrder {
  orderGid: string;
  name: string;
  email: string;
  locale: "pl" | "en";
}

/** Seeded customers' paid orders delivered a few days before the install, not the featured shopper's; stable across starts. */
async function returnableOrders(db: Db, stack: SeedStack, installedAt: Date): Promise<ReturnableOrder[]> {
  const orders = await db.order.findMany({
    where: {
      shop: stack.shop,
      cancelledAt: null,
      financialStatus: "paid",
      email: { not: null },
      customerGid: { not: null },
      NOT: { customerGid: stack.customer.id },
      deliveredAt: {
        gte: new Date(installedAt.getTime() - MAX_DAYS_SINCE_DELIVERY * DAY),
        lte: new Date(installedAt.getTime() - MIN_DAYS_SINCE_DELIVERY * DAY),
      },
    },
    select: { orderGid: true, name: true, email: true, locale: true },
    orderBy: [{ deliveredAt: "desc" }, { orderGid: "asc" }],
  });
  return orders.map((o) => ({ orderGid: o.orderGid, name: o.name, email: o.email!, locale: o.locale === "en" ? "en" : "pl" }));
}

async function proxyPost(stack: SeedStack, path: string, body: object | FormData): Promise<Response> {
  const form = body instanceof FormData;
  return fetch(`${stack.urls.double}/shops/${stack.shop}/apps/aftercare/api/returns/${path}`, {
    method: "POST",
    headers: { "user-agent": BROWSER_USER_AGENT, ...(form ? {} : { "content-type": "application/json" }) },
    body: form ? body : JSON.stringify(body),
  });
}

async function expectOk(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

/** The shopper's way: find the order, pick its first returnable item, give the reason, choose the resolution, send. */
async function requestThroughPortal(stack: SeedStack, order: ReturnableOrder, story: DemoReturn, index: number): Promise<void> {
  const { token } = (await expectOk(
    await proxyPost(stack, "lookup", { orderName: order.name, email: order.email }),
    `finding ${order.name}`,
  )) as {
    token: string;
  };
  const { order: portal } = (await expectOk(await proxyPost(stack, "order", { token, locale: order.locale }), `opening ${order.name}`)) as {
    order: PortalOrder;
  };
  const exchange = story.resolution === "exchange";
  const item =
    portal.items.find((i) => i.returnableQuantity > 0 && (!exchange || i.exchangeVariants.some((v) => v.available))) ??
    portal.items.find((i) => i.returnableQuantity > 0);
  if (!item) throw new Error(`${order.name} has nothing to return`);
  const resolution: Resolution = exchange && !item.exchangeVariants.some((v) => v.available) ? "store_credit" : story.resolution;
  const draft = {
    resolution,
    ...(story.note ? { note: story.note } : {}),
    items: [
      {
        lineItemGid: item.lineItemGid,
        quantity: 1,
        reasonCode: story.reasonCode,
        ...(resolution === "exchange" ? { exchangeVariantGid: item.exchangeVariants.find((v) => v.available)!.variantGid } : {}),
      },
    ],
  };
  const form = new FormData();
  form.set("token", token);
  form.set("locale", order.locale);
  form.set("requestKey", `${DEMO_KEY}-${index}-${order.orderGid.replace(/\D/g, "")}`);
  form.set("draft", JSON.stringify(draft));
  if (portal.reasons.find((r) => r.code === story.reasonCode)?.requiresPhoto)
    form.append(`photo:${item.lineItemGid}`, new Blob([PNG], { type: "image/png" }), "pekniecie.png");
  await expectOk(await proxyPost(stack, "submit", form), `the return of ${order.name}`);
}

/** A step on the return's admin page; 409 means it was done already (someone else acted first). */
async function merchantAction(stack: SeedStack, id: string, fields: Record<string, string>): Promise<void> {
  const response = await appDataRequest(
    { apiKey: stack.apiKey, apiSecret: stack.apiSecret, shop: stack.shop, appUrl: stack.urls.app },
    `/app/returns/${encodeURIComponent(id)}`,
    "routes/app.returns.$id",
    { body: new URLSearchParams(fields) },
  );
  if (response.status === 200 || response.status === 409) return;
  throw new Error(`${fields.intent} on return ${id} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
}
