// `npm run demo`'s returns, as a demo user meets them: the demo stack (the built app, the Shopify double
// with the seeded shop, the mailbox) on a fresh data directory, the featured shopper's live orders, then
// the returns seeding once the history import is in. The Returns queue holds returns at every stage —
// processed and closed, credited, on its way back, declined, two waiting — each one in Shopify too;
// seeding again adds nothing; and the featured shopper can start a return of their delivered live order
// through the storefront's portal, which the merchant then finds waiting in the queue.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/platform/db.server";
import { listReturns } from "~/returns/admin.server";
import type { PortalOrder } from "~/returns/types";
import { liveOrderStory } from "../support/demo-orders";
import { DEMO_RETURNS, seedDemoReturns, type DemoReturnsSeeding } from "../support/demo-returns";
import { startStack, type Stack } from "../support/stack";
import type { OrderRecord } from "../support/shopify/admin/store-types";

let stack: Stack;
let dataDir: string;
let db: Db;
let seeding: DemoReturnsSeeding | null;
let liveOrders: OrderRecord[];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-demo-returns-"));
  stack = await startStack({ dataDir, appLogLevel: "warn" });
  liveOrders = liveOrderStory(stack.store, stack.shop, stack.customer.id);
  await stack.settle();
  seeding = await seedDemoReturns(stack, new AbortController().signal);
  await stack.settle();
  db = createDb(`file:${stack.files.database}`);
}, 300_000);

afterAll(async () => {
  await db?.$disconnect();
  await stack?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const proxy = (p: string, body: object) =>
  fetch(`${stack.urls.double}/shops/${stack.shop}/apps/aftercare/api/returns/${p}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("the demo's returns", () => {
  it("fill the queue with returns at every stage, each one known to Shopify", async () => {
    expect(seeding).toMatchObject({ returns: DEMO_RETURNS.length, waiting: 2 });
    const cases = await db.returnCase.findMany({ where: { shop: stack.shop }, include: { items: true } });
    expect(cases.map((c) => c.status).sort()).toEqual(["closed", "declined", "in_transit", "processed", "requested", "requested"]);
    for (const c of cases) {
      expect(c.items.length).toBeGreaterThan(0);
      expect(await db.afterSalesEvent.count({ where: { shop: stack.shop, orderGid: c.orderGid, type: "return.requested" } })).toBe(1);
      if (c.status === "requested") continue;
      // Past the merchant's decision, the return exists in Shopify with the status Shopify gives it.
      expect(c.returnGid).toMatch(/^gid:\/\/shopify\/Return\//);
      const shopify = stack.store.returnRecord(stack.shop, c.returnGid!);
      expect(shopify.status).toBe(c.status === "declined" ? "DECLINED" : c.status === "closed" ? "CLOSED" : "OPEN");
    }
    // The refund came back to the shopper's payment; the credit to their store credit account.
    const refunded = cases.find((c) => c.status === "closed")!;
    expect(refunded.resolution).toBe("refund");
    expect(stack.store.refundsOf(stack.shop, refunded.orderGid).length).toBeGreaterThan(0);
    const credited = cases.find((c) => c.status === "processed")!;
    expect(credited.resolution).toBe("store_credit");
    // A photo came with the defective item.
    expect(await db.returnPhoto.count({ where: { shop: stack.shop } })).toBeGreaterThan(0);

    const queue = await listReturns(db, stack.shop, { status: "requested" });
    expect(queue.rows).toHaveLength(2);
  });

  it("adds nothing when seeded again", async () => {
    expect(await seedDemoReturns(stack, new AbortController().signal)).toBeNull();
    expect(await db.returnCase.count({ where: { shop: stack.shop } })).toBe(DEMO_RETURNS.length);
  });

  it("lets the featured shopper return their delivered order on the storefront, into the merchant's queue", async () => {
    const delivered = liveOrders.find((o) => stack.store.fulfillmentsOf(stack.shop, o.id).some((f) => f.deliveredAt));
    expect(delivered).toBeDefined();
    const lookup = await proxy("lookup", { orderName: delivered!.name, email: stack.customer.email });
    expect(lookup.status).toBe(200);
    const { token } = (await lookup.json()) as { token: string };
    const { order } = (await (await proxy("order", { token, locale: "pl" })).json()) as { order: PortalOrder };
    const item = order.items.find((i) => i.returnableQuantity > 0)!;
    expect(item).toBeDefined();
    const form = new FormData();
    form.set("token", token);
    form.set("locale", "pl");
    form.set("requestKey", "featured-shopper-return");
    form.set(
      "draft",
      JSON.stringify({ resolution: "store_credit", items: [{ lineItemGid: item.lineItemGid, quantity: 1, reasonCode: "too_small" }] }),
    );
    const submitted = await fetch(`${stack.urls.double}/shops/${stack.shop}/apps/aftercare/api/returns/submit`, {
      method: "POST",
      body: form,
    });
    expect(submitted.status).toBe(201);
    const queue = await listReturns(db, stack.shop, { status: "requested" });
    expect(queue.rows.map((r) => r.orderName)).toContain(delivered!.name);

    // The shopper's email says it is requested, with a button to the status page, which shows it so.
    const mail = await stack.smtp.waitFor(
      (m) => m.to.includes(stack.customer.email!) && /pages\/returns\?return=/.test(m.text) && m.text.includes(delivered!.name),
      30_000,
    );
    const statusToken = decodeURIComponent(/pages\/returns\?return=([^\s"&)\]]+)/.exec(mail.text)![1]);
    const status = await proxy("status", { statusToken, locale: "pl" });
    expect(status.status).toBe(200);
    expect(((await status.json()) as { status: { status: string } }).status.status).toBe("requested");
  });
});
