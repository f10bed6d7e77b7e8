// The reward codes a loyalty program hands out, through the Admin double as an app would make and manage them:
// free shipping, a free product (100% off one variant), deactivating and deleting a code, and store credit paid
// to a customer. Every document here must also be valid against Shopify's real 2025-01 schema plus the version
// extensions, so what passes here is what Shopify accepts.
import { describe, expect, it } from "vitest";
import { AdminGraphqlApi, DEFAULT_SCOPES, DiscountCodeError, type AdminStore } from "../../support/shopify/admin";
import { validateAgainstShopifyAdmin } from "../../support/shopify/admin/oracle-schema";
import { oracle } from "../../support/oracle";
import { SHOP, storeWithOrder } from "./factories";

type Body = { data?: any; errors?: any[] };

/** Runs a document with the app's scopes (the default installation of storeWithOrder only reads orders). */
async function run(api: AdminGraphqlApi, document: string, variables: Record<string, unknown> = {}, scope: string | null = DEFAULT_SCOPES) {
  const response = await api.handle(SHOP, { query: document, variables }, { scope });
  expect(response.status).toBe(200);
  return response.body as Body;
}

const FREE_SHIPPING_CREATE = `mutation FreeShipping($input: DiscountCodeFreeShippingInput!) {
  discountCodeFreeShippingCreate(freeShippingCodeDiscount: $input) {
    codeDiscountNode { id codeDiscount { __typename ... on DiscountCodeFreeShipping {
      title summary status usageLimit appliesOncePerCustomer asyncUsageCount
      maximumShippingPrice { amount currencyCode }
      destinationSelection { ... on DiscountCountryAll { allCountries } }
      customerSelection { ... on DiscountCustomers { customers { id } } }
      codes(first: 1) { nodes { code } }
    } } }
    userErrors { field message code }
  }
}`;

const BASIC_CREATE = `mutation Reward($input: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $input) {
    codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic {
      summary
      customerGets {
        value { ... on DiscountPercentage { percentage } }
        items { __typename ... on DiscountProducts { productVariants(first: 5) { nodes { id } } } ... on AllDiscountItems { allItems } }
      }
      minimumRequirement { ... on DiscountMinimumQuantity { greaterThanOrEqualToQuantity } ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } } }
    } } }
    userErrors { field message code }
  }
}`;

const DEACTIVATE = `mutation Deactivate($id: ID!) {
  discountCodeDeactivate(id: $id) {
    codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { status endsAt } ... on DiscountCodeFreeShipping { status endsAt } } }
    userErrors { field message code }
  }
}`;

const DELETE = `mutation Delete($id: ID!) {
  discountCodeDelete(id: $id) { deletedCodeDiscountId userErrors { field message code } }
}`;

const BY_CODE = `query ByCode($code: String!) { codeDiscountNodeByCode(code: $code) { id } }`;

const CREDIT = `mutation Credit($id: ID!, $credit: StoreCreditAccountCreditInput!) {
  storeCreditAccountCredit(id: $id, creditInput: $credit) {
    storeCreditAccountTransaction { amount { amount currencyCode } account { id balance { amount currencyCode } owner { ... on Customer { id } } } }
    userErrors { field message code }
  }
}`;

const ORDER_TOTALS = `query Totals($id: ID!) { order(id: $id) {
  discountCodes subtotalPriceSet { shopMoney { amount } } totalDiscountsSet { shopMoney { amount } }
  totalShippingPriceSet { shopMoney { amount } } currentShippingPriceSet { shopMoney { amount } } totalPriceSet { shopMoney { amount } }
} }`;

const freeShipping = (code: string, customers: string[]) => ({
  input: {
    title: `Free shipping ${code}`,
    code,
    startsAt: "2026-03-01T00:00:00Z",
    usageLimit: 1,
    appliesOncePerCustomer: true,
    context: { customers: { add: customers } },
    destination: { all: true },
  },
});

/** 100% off one variant: the "free product" reward. */
const freeProduct = (code: string, variantId: string, extra: Record<string, unknown> = {}) => ({
  input: {
    title: `Free product ${code}`,
    code,
    startsAt: "2026-03-01T00:00:00Z",
    usageLimit: 1,
    context: { all: "ALL" },
    customerGets: { value: { percentage: 1.0 }, items: { products: { productVariantsToAdd: [variantId] } } },
    ...extra,
  },
});

function refusal(act: () => unknown): DiscountCodeError {
  try {
    act();
  } catch (error) {
    if (error instanceof DiscountCodeError) return error;
    throw error;
  }
  throw new Error("checkout placed the order");
}

const orderCount = (store: AdminStore) => store.allOrders(SHOP).length;

describe("the documents in this file", () => {
  it.runIf(oracle)("are valid against Shopify's real Admin schema plus the version extensions", () => {
    expect(validateAgainstShopifyAdmin([FREE_SHIPPING_CREATE, BASIC_CREATE, DEACTIVATE, DELETE, BY_CODE, CREDIT, ORDER_TOTALS])).toEqual(
      [],
    );
  });
});

describe("discountCodeFreeShippingCreate", () => {
  it("makes a free-shipping code for one customer that checkout takes the shipping off", async () => {
    const { store, customer, product } = storeWithOrder();
    const api = new AdminGraphqlApi(store);
    const body = await run(api, FREE_SHIPPING_CREATE, freeShipping("WYSYLKA-GRATIS", [customer.id]));
    expect(body.data.discountCodeFreeShippingCreate.userErrors).toEqual([]);
    expect(body.data.discountCodeFreeShippingCreate.codeDiscountNode.codeDiscount).toEqual({
      __typename: "DiscountCodeFreeShipping",
      title: "Free shipping WYSYLKA-GRATIS",
      summary: "Free shipping on all products • For all countries",
      status: "ACTIVE",
      usageLimit: 1,
      appliesOncePerCustomer: true,
      asyncUsageCount: 0,
      maximumShippingPrice: null,
      destinationSelection: { allCountries: true },
      customerSelection: { customers: [{ id: customer.id }] },
      codes: { nodes: [{ code: "WYSYLKA-GRATIS" }] },
    });

    const order = store.checkoutOrder(SHOP, {
      customerId: customer.id,
      lineItems: [{ variantId: product.variantIds[0], quantity: 1 }],
      shippingPrice: "14.99",
      discountCodes: ["wysylka-gratis"],
    });
    const totals = await run(api, ORDER_TOTALS, { id: order.id });
    expect(totals.data.order).toEqual({
      discountCodes: ["wysylka-gratis"],
      subtotalPriceSet: { shopMoney: { amount: "199.00" } },
      totalDiscountsSet: { shopMoney: { amount: "14.99" } },
      totalShippingPriceSet: { shopMoney: { amount: "14.99" } },
      currentShippingPriceSet: { shopMoney: { amount: "0.00" } },
      totalPriceSet: { shopMoney: { amount: "199.00" } },
    });
  });

  it("asks for a title, a code, a start and who may use it, and refuses a code that exists", async () => {
    const { store, customer } = storeWithOrder();
    const api = new AdminGraphqlApi(store);
    const empty = await run(api, FREE_SHIPPING_CREATE, { input: { destination: { all: true } } });
    expect(empty.data.discountCodeFreeShippingCreate.userErrors.map((e: { field: string[]; code: string }) => [e.field, e.code])).toEqual([
      [["freeShippingCodeDiscount", "title"], "BLANK"],
      [["freeShippingCodeDiscount", "code"], "BLANK"],
      [["freeShippingCodeDiscount", "startsAt"], "BLANK"],
      [["freeShippingCodeDiscount", "context"], "BLANK"],
    ]);
    await run(api, FREE_SHIPPING_CREATE, freeShipping("RAZ", [customer.id]));
    const again = await run(api, FREE_SHIPPING_CREATE, freeShipping("raz", [customer.id]));
    expect(again.data.discountCodeFreeShippingCreate).toEqual({
      codeDiscountNode: null,
      userErrors: [
        { field: ["freeShippingCodeDiscount", "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" },
      ],
    });
  });

  it("leaves a shipping rate above maximumShippingPrice alone: checkout refuses the code for that cart", async () => {
    const { store, customer, product } = storeWithOrder();
    const api = new AdminGraphqlApi(store);
    const input = { input: { ...freeShipping("TANIA-WYSYLKA", [customer.id]).input, maximumShippingPrice: "10.00" } };
    const created = await run(api, FREE_SHIPPING_CREATE, input);
    expect(created.data.discountCodeFreeShippingCreate.codeDiscountNode.codeDiscount.maximumShippingPrice).toEqual({
      amount: "10.00",
      currencyCode: "PLN",
    });
    const cart = {
      customerId: customer.id,
      lineItems: [{ variantId: product.variantIds[0], quantity: 1 }],
      discountCodes: ["TANIA-WYSYLKA"],
    };
    const refused = refusal(() => store.checkoutOrder(SHOP, { ...cart, shippingPrice: "14.99" }));
    expect(refused.message).toBe("TANIA-WYSYLKA discount code isn't valid for the items in your cart");
    expect(store.checkoutOrder(SHOP, { ...cart, shippingPrice: "9.99" }).shippingDiscountAmount).toBe("9.99");
  });

  it("is denied without write_discounts, as Shopify denies it", async () => {
    const { store, customer } = storeWithOrder();
    const body = await run(
      new AdminGraphqlApi(store),
      FREE_SHIPPING_CREATE,
      freeShipping("NIE", [customer.id]),
      "read_orders,read_discounts",
    );
    expect(body.data.discountCodeFreeShippingCreate).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: "Access denied for discountCodeFreeShippingCreate field. Required access: `write_discounts` access scope.",
        extensions: expect.objectContaining({ code: "ACCESS_DENIED" }),
      }),
    ]);
    expect(store.findDiscountByCode(SHOP, "NIE")).toBeUndefined();
  });
});

describe("a free product (100% off one variant)", () => {
  it("takes off only that variant's line, however many there are", async () => {
    const { store, customer, product } = storeWithOrder();
    const api = new AdminGraphqlApi(store);
    const [small, large] = product.variantIds;
    const created = await run(api, BASIC_CREATE, freeProduct("PATELNIA-GRATIS", small));
    expect(created.data.discountCodeBasicCreate.userErrors).toEqual([]);
    expect(created.data.discountCodeBasicCreate.codeDiscountNode.codeDiscount).toEqual({
      summary: "100% off Żeliwna patelnia - 24 cm",
      customerGets: { value: { percentage: 1 }, items: { __typename: "DiscountProducts", productVariants: { nodes: [{ id: small }] } } },
      minimumRequirement: null,
    });

    const order = store.checkoutOrder(SHOP, {
      customerId: customer.id,
      lineItems: [
        { variantId: large, quantity: 1 },
        { variantId: small, quantity: 1 },
      ],
      shippingPrice: "14.99",
      discountCodes: ["PATELNIA-GRATIS"],
    });
    const totals = await run(api, ORDER_TOTALS, { id: order.id });
    expect(totals.data.order).toMatchObject({
      subtotalPriceSet: { shopMoney: { amount: "249.00" } },
      totalDiscountsSet: { shopMoney: { amount: "199.00" } },
      totalPriceSet: { shopMoney: { amount: "263.99" } },
    });
    expect(order.discountApplications[0].allocations).toEqual([{ lineItemId: order.lineItems[1].id, amount: "199.00" }]);
  });

  it("is refused for a cart without the variant, and below its minimum quantity", async () => {
    const { store, customer, product } = storeWithOrder();
    const api = new AdminGraphqlApi(store);
    const [small, large] = product.variantIds;
    await run(api, BASIC_CREATE, freeProduct("GRATIS-24", small));
    await run(
      api,
      BASIC_CREATE,
      freeProduct("GRATIS-DWA", small, { minimumRequirement: { quantity: { greaterThanOrEqualToQuantity: "2" } } }),
    );
    const buy = (variantId: string, quantity: number, code: string) =>
      store.checkoutOrder(SHOP, { customerId: customer.id, lineItems: [{ variantId, quantity }], discountCodes: [code] });
    const before = orderCount(store);
    expect(refusal(() => buy(large, 1, "GRATIS-24"))).toMatchObject({
      reason: "DISCOUNT_NO_ENTITLED_LINE_ITEMS",
      message: "GRATIS-24 discount code isn't valid for the items in your cart",
    });
    expect(refusal(() => buy(small, 1, "GRATIS-DWA")).reason).toBe("DISCOUNT_QUANTITY_NOT_IN_RANGE");
    expect(orderCount(store)).toBe(before);
    expect(buy(small, 2, "GRATIS-DWA").discountAmount).toBe("398.00");
  });

  it("refuses entitling a variant that does not exist, both all items and products, and two minimums", async () => {
    const { store, product } = storeWithOrder();
    const api = new AdminGraphqlApi(store);
    const missing = await run(api, BASIC_CREATE, freeProduct("ZNIKNIETY", "gid://shopify/ProductVariant/1"));
    expect(missing.data.discountCodeBasicCreate.userErrors).toEqual([
      {
        field: ["basicCodeDiscount", "customerGets", "items", "products", "productVariantsToAdd"],
        message: "Product variant gid://shopify/ProductVariant/1 does not exist",
        code: "INVALID",
      },
    ]);
    const both = freeProduct("OBA", product.variantIds[0]);
    both.input.customerGets.items = { all: true, products: { productVariantsToAdd: [product.variantIds[0]] } } as never;
    expect((await run(api, BASIC_CREATE, both)).data.discountCodeBasicCreate.userErrors[0].code).toBe("TOO_MANY_ARGUMENTS");
    const minimums = freeProduct("PROGI", product.variantIds[0], {
      minimumRequirement: { quantity: { greaterThanOrEqualToQuantity: "2" }, subtotal: { greaterThanOrEqualToSubtotal: "100.00" } },
    });
    expect((await run(api, BASIC_CREATE, minimums)).data.discountCodeBasicCreate.userErrors[0]).toMatchObject({
      field: ["basicCodeDiscount", "minimumRequirement"],
      code: "MINIMUM_SUBTOTAL_AND_QUANTITY_RANGE_BOTH_PRESENT",
    });
    expect(["ZNIKNIETY", "OBA", "PROGI"].map((code) => store.findDiscountByCode(SHOP, code))).toEqual([undefined, undefined, undefined]);
  });

  it("still applies to the whole order when no items are given", async () => {
    const { store } = storeWithOrder();
    const body = await run(new AdminGraphqlApi(store), BASIC_CREATE, {
      input: { title: "Dziesięć", code: "DZIESIEC", startsAt: "2026-03-01T00:00:00Z", customerGets: { value: { percentage: 0.1 } } },
    });
    expect(body.data.discountCodeBasicCreate.codeDiscountNode.codeDiscount).toMatchObject({
      summary: "10% off entire order",
      customerGets: { items: { __typename: "AllDiscountItems", allItems: true } },
    });
  });
});

describe("discountCodeDeactivate and discountCodeDelete", () => {
  it("deactivates a code: it reads EXPIRED and checkout refuses it", async () => {
    const { store, customer, product } = storeWithOrder();
    const api = new AdminGraphqlApi(store);
    const { id } = (await run(api, FREE_SHIPPING_CREATE, freeShipping("KONIEC", [customer.id]))).data.discountCodeFreeShippingCreate
      .codeDiscountNode;
    const body = await run(api, DEACTIVATE, { id });
    expect(body.data.discountCodeDeactivate).toEqual({
      codeDiscountNode: { id, codeDiscount: { status: "EXPIRED", endsAt: "2026-03-01T10:00:00Z" } },
      userErrors: [],
    });
    const refused = refusal(() =>
      store.checkoutOrder(SHOP, {
        customerId: customer.id,
        lineItems: [{ variantId: product.variantIds[0], quantity: 1 }],
        shippingPrice: "14.99",
        discountCodes: ["KONIEC"],
      }),
    );
    expect(refused).toMatchObject({ reason: "DISCOUNT_CURRENTLY_INACTIVE", message: "Enter a valid discount code" });
  });

  it("deletes a code: it is gone, and an order that used it keeps what it took off", async () => {
    const { store, customer, product } = storeWithOrder();
    const api = new AdminGraphqlApi(store);
    const { id } = (await run(api, BASIC_CREATE, freeProduct("USUN", product.variantIds[0]))).data.discountCodeBasicCreate.codeDiscountNode;
    const order = store.checkoutOrder(SHOP, {
      customerId: customer.id,
      lineItems: [{ variantId: product.variantIds[0], quantity: 1 }],
      discountCodes: ["USUN"],
    });
    expect(await run(api, DELETE, { id })).toEqual(
      expect.objectContaining({ data: { discountCodeDelete: { deletedCodeDiscountId: id, userErrors: [] } } }),
    );
    expect((await run(api, BY_CODE, { code: "USUN" })).data.codeDiscountNodeByCode).toBeNull();
    const again = await run(api, DELETE, { id });
    expect(again.data.discountCodeDelete).toEqual({
      deletedCodeDiscountId: null,
      userErrors: [{ field: ["id"], message: "Discount does not exist", code: "INVALID" }],
    });
    expect((await run(api, ORDER_TOTALS, { id: order.id })).data.order.totalDiscountsSet).toEqual({ shopMoney: { amount: "199.00" } });
    expect(
      refusal(() =>
        store.checkoutOrder(SHOP, {
          customerId: customer.id,
          lineItems: [{ variantId: product.variantIds[0], quantity: 1 }],
          discountCodes: ["USUN"],
        }),
      ).reason,
    ).toBe("DISCOUNT_NOT_FOUND");
  });

  it("are denied without write_discounts", async () => {
    const { store, customer } = storeWithOrder();
    const api = new AdminGraphqlApi(store);
    const { id } = (await run(api, FREE_SHIPPING_CREATE, freeShipping("ZOSTAJE", [customer.id]))).data.discountCodeFreeShippingCreate
      .codeDiscountNode;
    const deactivated = await run(api, DEACTIVATE, { id }, "read_discounts");
    const deleted = await run(api, DELETE, { id }, "read_discounts");
    expect([deactivated.errors?.[0].extensions.code, deleted.errors?.[0].extensions.code]).toEqual(["ACCESS_DENIED", "ACCESS_DENIED"]);
    expect(store.discountStatus(store.findDiscountByCode(SHOP, "ZOSTAJE")!)).toBe("ACTIVE");
  });
});

describe("storeCreditAccountCredit with a customer's id", () => {
  it("opens the customer's account in that currency, then adds to it; another currency is another account", async () => {
    const { store } = storeWithOrder();
    const api = new AdminGraphqlApi(store);
    const newcomer = store.createCustomer(SHOP, { email: "ewa.zielinska@example.pl", firstName: "Ewa" });
    const credit = (amount: string, currencyCode = "PLN") =>
      run(api, CREDIT, { id: newcomer.id, credit: { creditAmount: { amount, currencyCode } } });
    const first = (await credit("30.00")).data.storeCreditAccountCredit;
    expect(first).toMatchObject({
      storeCreditAccountTransaction: {
        amount: { amount: "30.00", currencyCode: "PLN" },
        account: { balance: { amount: "30.00", currencyCode: "PLN" }, owner: { id: newcomer.id } },
      },
      userErrors: [],
    });
    const second = (await credit("12.50")).data.storeCreditAccountCredit.storeCreditAccountTransaction.account;
    expect(second).toMatchObject({ id: first.storeCreditAccountTransaction.account.id, balance: { amount: "42.50" } });
    const euros = (await credit("5.00", "EUR")).data.storeCreditAccountCredit.storeCreditAccountTransaction.account;
    expect(euros.id).not.toBe(second.id);
    expect(store.storeCreditAccountsOf(SHOP, newcomer.id).map((a) => [a.currency, a.balance])).toEqual([
      ["PLN", "42.50"],
      ["EUR", "5.00"],
    ]);
  });

  it("answers OWNER_NOT_FOUND for a customer the shop does not have", async () => {
    const { store } = storeWithOrder();
    const body = await run(new AdminGraphqlApi(store), CREDIT, {
      id: "gid://shopify/Customer/1",
      credit: { creditAmount: { amount: "10.00", currencyCode: "PLN" } },
    });
    expect(body.data.storeCreditAccountCredit).toEqual({
      storeCreditAccountTransaction: null,
      userErrors: [{ field: ["id"], message: "Owner does not exist", code: "OWNER_NOT_FOUND" }],
    });
  });
});
