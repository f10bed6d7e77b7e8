// A return and the loyalty points: the refund Shopify makes when the return is processed (here to
// store credit) takes back the points for the returned value once, however often Shopify repeats
// its webhooks; the store credit itself, bonus included, earns nothing.
import { afterEach, expect, it } from "vitest";
import { approveReturn, processReturn } from "~/returns/actions.server";
import { returnDeps } from "~/returns/deps.server";
import { lookupGuestOrder, resetLookupLimits } from "~/returns/lookup.server";
import { portalOrder, submitReturn } from "~/returns/portal.server";
import { saveReturnPolicy } from "~/returns/settings.server";
import { defaultReturnPolicy } from "~/returns/policy";
import { placeOrder } from "../support/demo-orders";
import { LOYALTY_SHOP, startLoyaltyShop, type LoyaltyShop } from "../support/loyalty-shop";

let s: LoyaltyShop | undefined;
afterEach(async () => {
  resetLookupLimits();
  await s?.stop();
  s = undefined;
});

it("takes back the points of a returned item once, and gives none for the store credit", async () => {
  s = await startLoyaltyShop({ pendingDays: 14 });
  const x = s;
  // The merchant granted the returns scopes the app asks for (shopify.app.toml).
  const installation = x.store.upsertShop(LOYALTY_SHOP).installations.find((i) => i.online === null)!;
  x.store.install(LOYALTY_SHOP, { accessToken: installation.accessToken, scope: `${installation.scope},read_returns,write_returns` });
  await saveReturnPolicy(x.harness.runtime.db, LOYALTY_SHOP, {
    ...defaultReturnPolicy(),
    resolutions: {
      refund: { enabled: true },
      storeCredit: { enabled: true, bonusPercent: 10 },
      exchange: { enabled: true, bonusPercent: 0 },
    },
  });
  const data = x.store.shopData(LOYALTY_SHOP);
  const variant = Object.values(data.variants).find((v) => x.store.variantAvailable(v) && Number(v.price) >= 50)!;
  const order = placeOrder(x.store, LOYALTY_SHOP, { customerId: x.customer.id, variantId: variant.id, quantity: 2 });
  await x.settle();
  const fulfillment = x.store.fulfill(LOYALTY_SHOP, order.id);
  await x.settle();
  x.store.markDelivered(LOYALTY_SHOP, fulfillment.id, x.clock.now().toISOString());
  await x.settle();
  const awarded = (await x.member())!.pending;
  expect(awarded).toBeGreaterThan(1);

  const deps = returnDeps(x.harness.runtime);
  const lookup = await lookupGuestOrder(deps, LOYALTY_SHOP, { orderName: order.name, email: x.customer.email!, ip: "203.0.113.7" });
  if (!lookup.ok) throw new Error("lookup failed");
  const item = (await portalOrder(deps, LOYALTY_SHOP, lookup.token, "pl"))!.items[0];
  const r = await submitReturn(
    deps,
    LOYALTY_SHOP,
    lookup.token,
    { items: [{ lineItemGid: item.lineItemGid, quantity: 1, reasonCode: "changed_mind" }], resolution: "store_credit" },
    [],
    "loyalty-1",
    "pl",
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  await x.settle();
  expect(await approveReturn(deps, LOYALTY_SHOP, r.returnId, "Merchant")).toEqual({ ok: true });
  expect(await processReturn(deps, LOYALTY_SHOP, r.returnId, "Merchant")).toEqual({ ok: true });
  await x.settle();
  const after = (await x.member())!;
  // Half the order came back: half its points go (rounded in the customer's favour).
  expect(after.pending).toBe(awarded - Math.floor(awarded / 2));
  const entries = await x.entries();
  expect(entries.filter((e) => e.reason === "order_refunded")).toHaveLength(1);
  expect(entries.filter((e) => e.kind === "earn")).toHaveLength(2);

  await x.redeliverAll();
  expect(await x.entries()).toEqual(entries);
  expect(await x.member()).toEqual(after);
}, 60_000);
