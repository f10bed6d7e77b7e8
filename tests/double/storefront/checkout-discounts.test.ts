// A shopper redeeming a reward code at the storefront double's checkout: the product page's "Discount code"
// field, the order placed with it (and its webhooks), and the refusals a shopper sees — a single-use code used
// twice, a code bound to someone else, a deactivated one, one not for what is in the cart — each answering 422
// and placing no order. Through the HTML form as a browser posts it, and through `shop.checkout.buy`.
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AdminGraphqlApi, AdminStore, DEFAULT_SCOPES, DiscountCodeError, type ChangeEvent } from "../../support/shopify/admin";
import type { CustomerRecord, ProductRecord } from "../../support/shopify/admin/store-types";
import {
  DISCOUNT_CODE_FIELD,
  createStorefront,
  startServer,
  storeCheckout,
  storefrontShopOf,
  type RunningServer,
  type StorefrontCheckout,
} from "../../support/shopify/storefront";

const extensionDir = path.resolve(__dirname, "../../../extensions/aftercare-theme");
const SHOP = "aftercare-checkout.myshopify.com";

let store: AdminStore;
let checkout: StorefrontCheckout;
let anna: CustomerRecord;
let jan: CustomerRecord;
let pan: ProductRecord;
let mug: ProductRecord;
let events: ChangeEvent[];
let running: RunningServer;
let base: string;

beforeEach(() => {
  store = new AdminStore({ clock: () => Date.parse("2026-03-10T10:00:00Z") });
  store.upsertShop(SHOP, { name: "Aftercare Checkout", currencyCode: "PLN", locale: "en" });
  pan = store.createProduct(SHOP, {
    title: "Żeliwna patelnia",
    variants: [
      { title: "24 cm", price: "199.00" },
      { title: "28 cm", price: "249.00" },
    ],
  });
  mug = store.createProduct(SHOP, { title: "Kubek Glina", variants: [{ price: "49.00" }] });
  anna = store.createCustomer(SHOP, { email: "anna.nowak@example.pl", firstName: "Anna", lastName: "Nowak" });
  jan = store.createCustomer(SHOP, { email: "jan.kowalski@example.pl", firstName: "Jan", lastName: "Kowalski" });
  checkout = storeCheckout(store, SHOP, { shippingPrice: "14.99" });
  events = [];
  store.on("change", (event: ChangeEvent) => events.push(event));
});

beforeAll(async () => {
  const storefront = createStorefront({
    extensionDir,
    shops: (handle) => (handle === SHOP ? storefrontShopOf(store, SHOP, checkout) : null),
  });
  running = await startServer([storefront]);
  base = `${running.origin}/shops/${SHOP}`;
});

afterAll(async () => {
  await running.close();
});

/** A single-use reward code for one customer, made as the app makes it. */
async function rewardCode(
  code: string,
  customerId: string,
  customerGets: Record<string, unknown> = { value: { discountAmount: { amount: "25.00" } } },
) {
  const body = await new AdminGraphqlApi(store).handle(
    SHOP,
    {
      query: `mutation($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { codeDiscountNode { id } userErrors { message } } }`,
      variables: {
        input: {
          title: `Reward ${code}`,
          code,
          startsAt: "2026-03-01T00:00:00Z",
          usageLimit: 1,
          appliesOncePerCustomer: true,
          context: { customers: { add: [customerId] } },
          customerGets,
        },
      },
    },
    { scope: DEFAULT_SCOPES },
  );
  const payload = (body.body as { data: { discountCodeBasicCreate: { codeDiscountNode: { id: string }; userErrors: unknown[] } } }).data
    .discountCodeBasicCreate;
  expect(payload.userErrors).toEqual([]);
  return payload.codeDiscountNode.id;
}

async function signIn(customer: CustomerRecord): Promise<string> {
  const response = await fetch(`${base}/account/login?customer_id=${encodeURIComponent(customer.id)}`, { redirect: "manual" });
  expect(response.status).toBe(302);
  return response.headers.getSetCookie()[0].split(";")[0];
}

/** Posts the product page's Buy form as a browser does; `locale` is the shopper's language cookie. */
async function buyThroughForm(cookie: string, fields: { product: ProductRecord; variant?: number; code?: string; locale?: string }) {
  const form = new URLSearchParams({
    product: fields.product.handle,
    id: fields.product.variantIds[fields.variant ?? 0],
    quantity: "1",
    [DISCOUNT_CODE_FIELD]: fields.code ?? "",
  });
  const cookies = [cookie, ...(fields.locale ? [`double_locale=${fields.locale}`] : [])].join("; ");
  const response = await fetch(`${base}/checkout`, {
    method: "POST",
    body: form,
    headers: { cookie: cookies, "content-type": "application/x-www-form-urlencoded" },
    redirect: "manual",
  });
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
}

/** The page's HTML, with the no-break spaces Intl puts in prices read as plain ones. */
async function page(url: string, cookie: string) {
  const response = await fetch(url, { headers: { cookie } });
  return (await response.text()).replace(/\u00a0/g, " ");
}

const payloadOf = (topic: string) => JSON.parse(events.filter((e) => e.topic === topic).at(-1)!.body);

describe("the product page's Buy form", () => {
  it("has a Discount code field, in English and in Polish", async () => {
    const cookie = await signIn(anna);
    const english = await page(`${base}/products/${pan.handle}`, cookie);
    expect(english).toContain(`<label>Discount code <input type="text" name="${DISCOUNT_CODE_FIELD}"`);
    const polish = await page(`${base}/products/${pan.handle}?locale=pl`, cookie);
    expect(polish).toContain(`<label>Kod rabatowy <input type="text" name="${DISCOUNT_CODE_FIELD}"`);
  });

  it("places the order with the code, shows the discount, and refuses the single-use code the second time", async () => {
    await rewardCode("NAGRODA-25", anna.id);
    const cookie = await signIn(anna);

    const bought = await buyThroughForm(cookie, { product: pan, code: " nagroda-25 " });
    expect(bought.status).toBe(303);
    const order = store.ordersOf(SHOP, anna.id)[0];
    expect(bought.location).toBe(`/shops/${SHOP}/orders/${order.token}`);
    expect(order).toMatchObject({ discountCodes: ["nagroda-25"], discountAmount: "25.00" });
    const confirmation = await page(`${running.origin}${bought.location}`, cookie);
    expect(confirmation).toContain("Discount nagroda-25: −PLN 25.00");
    expect(confirmation).toContain("Shipping: PLN 14.99");
    expect(confirmation).toContain("Total, shipping included: PLN 188.99");

    const again = await buyThroughForm(cookie, { product: pan, code: "NAGRODA-25" });
    expect(again.status).toBe(422);
    expect(again.html).toContain('<p class="error" role="alert">Enter a valid discount code</p>');
    expect(store.ordersOf(SHOP, anna.id)).toHaveLength(1);
    expect(store.findDiscountByCode(SHOP, "NAGRODA-25")!.usageCount).toBe(1);
  });

  it("sends orders/create and orders/paid carrying the code and the discounted amounts", async () => {
    await rewardCode("NAGRODA-25", anna.id);
    await buyThroughForm(await signIn(anna), { product: pan, code: "NAGRODA-25" });
    for (const topic of ["orders/create", "orders/paid"]) {
      const payload = payloadOf(topic);
      expect(payload).toMatchObject({
        discount_codes: [{ code: "NAGRODA-25", amount: "25.00", type: "fixed_amount" }],
        discount_applications: [
          { type: "discount_code", code: "NAGRODA-25", value: "25.0", value_type: "fixed_amount", target_type: "line_item" },
        ],
        total_line_items_price: "199.00",
        total_discounts: "25.00",
        subtotal_price: "174.00",
        total_price: "188.99",
      });
      expect(payload.line_items[0].discount_allocations).toEqual([
        { amount: "25.00", amount_set: expect.anything(), discount_application_index: 0 },
      ]);
    }
  });

  it("refuses a code bound to another customer, in the shopper's language, and places nothing", async () => {
    await rewardCode("TYLKO-ANNA", anna.id);
    const cookie = await signIn(jan);
    const english = await buyThroughForm(cookie, { product: pan, code: "TYLKO-ANNA" });
    expect(english.status).toBe(422);
    expect(english.html).toContain("TYLKO-ANNA discount code isn&#39;t available to you right now");
    expect(english.html).toContain(`href="/shops/${SHOP}/products/${pan.handle}?variant=`);
    const polish = await buyThroughForm(cookie, { product: pan, code: "TYLKO-ANNA", locale: "pl" });
    expect(polish.html).toContain("Kod rabatowy TYLKO-ANNA nie jest teraz dla Ciebie dostępny");
    expect(store.allOrders(SHOP)).toHaveLength(0);
    expect(events).toEqual([]);
  });

  it("refuses a code the app deactivated, and an unknown one", async () => {
    const id = await rewardCode("WYGASLY", anna.id);
    await new AdminGraphqlApi(store).handle(
      SHOP,
      { query: `mutation($id: ID!) { discountCodeDeactivate(id: $id) { userErrors { message } } }`, variables: { id } },
      { scope: DEFAULT_SCOPES },
    );
    const cookie = await signIn(anna);
    for (const code of ["WYGASLY", "NIE-MA-TAKIEGO"]) {
      const refused = await buyThroughForm(cookie, { product: pan, code });
      expect([refused.status, refused.html.includes("Enter a valid discount code")]).toEqual([422, true]);
    }
    expect(store.allOrders(SHOP)).toHaveLength(0);
  });

  it("zeroes the shipping with a free-shipping code", async () => {
    await new AdminGraphqlApi(store).handle(
      SHOP,
      {
        query: `mutation($input: DiscountCodeFreeShippingInput!) { discountCodeFreeShippingCreate(freeShippingCodeDiscount: $input) { userErrors { message } } }`,
        variables: {
          input: {
            title: "Free shipping",
            code: "DARMOWA-DOSTAWA",
            startsAt: "2026-03-01T00:00:00Z",
            context: { customers: { add: [anna.id] } },
          },
        },
      },
      { scope: DEFAULT_SCOPES },
    );
    const cookie = await signIn(anna);
    const bought = await buyThroughForm(cookie, { product: mug, code: "DARMOWA-DOSTAWA" });
    expect(bought.status).toBe(303);
    const confirmation = await page(`${running.origin}${bought.location}`, cookie);
    expect(confirmation).toContain("Shipping: PLN 0.00");
    expect(confirmation).toContain("Total, shipping included: PLN 49.00");
    const payload = payloadOf("orders/paid");
    expect(payload).toMatchObject({
      discount_codes: [{ code: "DARMOWA-DOSTAWA", amount: "14.99", type: "shipping" }],
      discount_applications: [{ target_type: "shipping_line", value: "100.0", value_type: "percentage" }],
      total_shipping_price_set: { shop_money: { amount: "14.99" } },
      current_shipping_price_set: { shop_money: { amount: "0.00" } },
      total_discounts: "14.99",
      subtotal_price: "49.00",
      total_price: "49.00",
    });
    expect(payload.shipping_lines[0]).toMatchObject({ price: "14.99", discounted_price: "0.00" });
  });

  it("takes a free product's price off only its own variant, and refuses it for another one", async () => {
    const freeSmallPan = { value: { percentage: 1.0 }, items: { products: { productVariantsToAdd: [pan.variantIds[0]] } } };
    await rewardCode("PATELNIA-GRATIS", anna.id, freeSmallPan);
    const cookie = await signIn(anna);
    const wrong = await buyThroughForm(cookie, { product: pan, variant: 1, code: "PATELNIA-GRATIS" });
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain("PATELNIA-GRATIS discount code isn&#39;t valid for the items in your cart");
    const right = await buyThroughForm(cookie, { product: pan, variant: 0, code: "PATELNIA-GRATIS" });
    expect(right.status).toBe(303);
    expect(payloadOf("orders/create")).toMatchObject({
      discount_applications: [{ target_selection: "entitled", value: "100.0", value_type: "percentage" }],
      discount_codes: [{ code: "PATELNIA-GRATIS", amount: "199.00", type: "percentage" }],
      total_price: "14.99",
    });
  });
});

describe("shop.checkout.buy", () => {
  it("takes the code as `discountCode`, and rejects with DiscountCodeError, placing nothing, when it cannot apply", async () => {
    await rewardCode("NAGRODA-25", anna.id, { value: { discountAmount: { amount: "25.00" } }, items: { all: true } });
    const cart = { customerId: anna.id, variantId: mug.variantIds[0], quantity: 1 };
    const order = await checkout.buy({ ...cart, discountCode: "NAGRODA-25" });
    expect(order).toMatchObject({ discounts: [{ code: "NAGRODA-25", amount: "25.00" }], shipping: "14.99", total: "38.99" });
    expect(checkout.order(order.token)).toEqual(order);

    const refused = await checkout.buy({ ...cart, discountCode: "NAGRODA-25" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DiscountCodeError);
    expect(refused).toMatchObject({ reason: "DISCOUNT_USAGE_LIMIT_REACHED", discountCode: "NAGRODA-25" });
    const withoutCode = await checkout.buy(cart);
    expect(withoutCode).toMatchObject({ discounts: [], total: "63.99" });
    expect(store.allOrders(SHOP).map((o) => o.name)).toEqual([order.name, withoutCode.name]);
  });

  it("refuses a code whose minimum subtotal the cart does not reach", async () => {
    await rewardCode("OD-100", anna.id, { value: { percentage: 0.1 } });
    store.findDiscountByCode(SHOP, "OD-100")!.minimumSubtotal = "100.00";
    const refused = await checkout
      .buy({ customerId: anna.id, variantId: mug.variantIds[0], quantity: 1, discountCode: "OD-100" })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({
      reason: "DISCOUNT_PURCHASE_NOT_IN_RANGE",
      message: "OD-100 discount code isn't valid for the items in your cart",
    });
    const enough = await checkout.buy({ customerId: anna.id, variantId: mug.variantIds[0], quantity: 3, discountCode: "OD-100" });
    expect(enough.discounts).toEqual([{ code: "OD-100", amount: "14.70" }]);
  });
});
