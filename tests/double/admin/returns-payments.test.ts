// The double's payment side of returns through GraphQL: Order.transactions (the sale or capture and the refunds
// made against it), refunds to the original payment naming their parent transaction, where an order shipped
// from (Fulfillment.location) and the location a restock needs, and the countries a return policy compares.
import { describe, expect, it } from "vitest";
import { AdminGraphqlApi, AdminStore, DEFAULT_SCOPES, seedDemoShop } from "../../support/shopify/admin";
import { SHOP, storeWithOrder } from "./factories";

type Body = { data?: any; errors?: any[] };

function setup() {
  const ctx = storeWithOrder();
  const fulfillment = ctx.store.fulfill(SHOP, ctx.order.id);
  const api = new AdminGraphqlApi(ctx.store);
  const gql = async (query: string, variables: Record<string, unknown> = {}): Promise<Body> => {
    const response = await api.handle(SHOP, { query, variables }, { scope: DEFAULT_SCOPES });
    expect(response.status).toBe(200);
    return response.body as Body;
  };
  const ret = ctx.store.createReturn(SHOP, {
    orderId: ctx.order.id,
    returnLineItems: [{ fulfillmentLineItemId: fulfillment.lineItems[1].id, quantity: 1, returnReason: "UNWANTED" }],
  });
  return { ...ctx, fulfillment, gql, ret };
}

const TRANSACTIONS = `query($id: ID!) { order(id: $id) {
  transactions(first: 10) { id kind status gateway amountSet { shopMoney { amount currencyCode } } parentTransaction { id } processedAt } } }`;
const RETURN_PROCESS = `mutation($input: ReturnProcessInput!, $key: String!) {
  returnProcess(input: $input) @idempotent(key: $key) { return { id } userErrors { field message code } } }`;
const DISPOSE = `mutation($inputs: [ReverseFulfillmentOrderDisposeInput!]!) {
  reverseFulfillmentOrderDispose(dispositionInputs: $inputs) { reverseFulfillmentOrderLineItems { dispositions { type location { id name } } } userErrors { field message code } } }`;

const pln = (amount: string) => ({ amount, currencyCode: "PLN" });

describe("Order.transactions", () => {
  it("shows a paid order's sale, and each refund as a REFUND whose parent is the sale", async () => {
    const { gql, order, store } = setup();
    const before = (await gql(TRANSACTIONS, { id: order.id })).data.order.transactions;
    expect(before).toEqual([
      {
        id: expect.stringMatching(/^gid:\/\/shopify\/OrderTransaction\/\d+$/),
        kind: "SALE",
        status: "SUCCESS",
        gateway: "manual",
        amountSet: { shopMoney: { amount: "661.99", currencyCode: "PLN" } },
        parentTransaction: null,
        processedAt: "2026-03-01T10:00:00Z",
      },
    ]);
    const refund = store.refund(SHOP, order.id, { lineItems: [{ lineItemId: order.lineItems[0].id, quantity: 1 }] });
    const after = (await gql(TRANSACTIONS, { id: order.id })).data.order.transactions;
    expect(after).toHaveLength(2);
    expect(after[1]).toMatchObject({
      id: `gid://shopify/OrderTransaction/${refund.transactionId}`,
      kind: "REFUND",
      status: "SUCCESS",
      amountSet: { shopMoney: { amount: refund.amount } },
      parentTransaction: { id: before[0].id },
    });
  });

  it("shows an authorization, then its capture once paid; a pending order has none", async () => {
    const { gql, store, customer, product } = setup();
    const authorized = store.createOrder(SHOP, {
      customerId: customer.id,
      financialStatus: "authorized",
      lineItems: [{ variantId: product.variantIds[0], quantity: 1 }],
    });
    const pending = store.createOrder(SHOP, {
      customerId: customer.id,
      financialStatus: "pending",
      lineItems: [{ variantId: product.variantIds[0], quantity: 1 }],
    });
    expect((await gql(TRANSACTIONS, { id: pending.id })).data.order.transactions).toEqual([]);
    expect((await gql(TRANSACTIONS, { id: authorized.id })).data.order.transactions.map((t: any) => t.kind)).toEqual(["AUTHORIZATION"]);
    store.markPaid(SHOP, authorized.id);
    const [auth, capture] = (await gql(TRANSACTIONS, { id: authorized.id })).data.order.transactions;
    expect(capture).toMatchObject({ kind: "CAPTURE", status: "SUCCESS", parentTransaction: { id: auth.id } });
  });

  it("gives seeded history orders their payments too: a sale when paid, none while pending", () => {
    const store = new AdminStore({ clock: () => Date.parse("2026-03-01T10:00:00Z") });
    seedDemoShop(store, "seeded.myshopify.com", { now: Date.parse("2026-03-01T10:00:00Z"), orders: 30, customers: 5, seed: 3 });
    const orders = store.allOrders("seeded.myshopify.com");
    const kinds = (status: string) =>
      orders.filter((o) => o.financialStatus === status).map((o) => store.transactionsOf("seeded.myshopify.com", o.id).map((t) => t.kind));
    expect(kinds("paid").length).toBeGreaterThan(0);
    for (const k of kinds("paid")) expect(k).toEqual(["SALE"]);
    for (const k of kinds("pending")) expect(k).toEqual([]);
  });
});

describe("returnProcess refunds to the original payment", () => {
  it("refuses a parent transaction of another order, or more than is left of the sale", async () => {
    const ctx = setup();
    const other = ctx.store.createOrder(SHOP, {
      customerId: ctx.customer.id,
      lineItems: [{ variantId: ctx.product.variantIds[0], quantity: 1 }],
    });
    const foreign = ctx.store.transactionsOf(SHOP, other.id)[0].id;
    const input = (parentId: string, amount: string) => ({
      returnId: ctx.ret.id,
      returnLineItems: [{ id: ctx.ret.lineItems[0].id, quantity: 1 }],
      financialTransfer: { issueRefund: { orderTransactions: [{ parentId, transactionAmount: pln(amount) }] } },
    });
    const wrong = await ctx.gql(RETURN_PROCESS, { key: "foreign", input: input(foreign, "249.00") });
    expect(wrong.data.returnProcess.userErrors).toEqual([
      {
        field: ["input", "financialTransfer", "issueRefund", "orderTransactions", "0", "parentId"],
        message: "Parent transaction does not exist on this order",
        code: "NOT_FOUND",
      },
    ]);
    // The sale was 661.99; 500.00 of it already went back outside the return, so 161.99 is left.
    const sale = ctx.store.transactionsOf(SHOP, ctx.order.id)[0].id;
    ctx.store.refund(SHOP, ctx.order.id, { lineItems: [{ lineItemId: ctx.order.lineItems[0].id, quantity: 1 }], amount: "500.00" });
    const over = await ctx.gql(RETURN_PROCESS, { key: "over", input: input(sale, "249.00") });
    expect(over.data.returnProcess.userErrors).toEqual([
      expect.objectContaining({ field: ["input", "financialTransfer", "issueRefund", "orderTransactions"], code: "INVALID" }),
    ]);
    const within = await ctx.gql(RETURN_PROCESS, { key: "within", input: input(sale, "161.99") });
    expect(within.data.returnProcess.userErrors).toEqual([]);
    const refunds = ctx.store.transactionsOf(SHOP, ctx.order.id).filter((t) => t.kind === "REFUND");
    expect(refunds.map((t) => [t.amount, t.parentId])).toEqual([
      ["500.00", sale],
      ["161.99", sale],
    ]);
  });
});

describe("restock location", () => {
  it("serves where a fulfillment shipped from, and a RESTOCKED disposition needs that location", async () => {
    const ctx = setup();
    const shipped = await ctx.gql(`query($id: ID!) { order(id: $id) { fulfillments(first: 5) { location { id name } } } }`, {
      id: ctx.order.id,
    });
    const location = shipped.data.order.fulfillments[0].location;
    expect(location).toEqual({ id: expect.stringMatching(/^gid:\/\/shopify\/Location\/\d+$/), name: "Shop location" });
    const line = ctx.ret.details!.reverseFulfillmentOrders[0].lineItems[0];
    const missing = await ctx.gql(DISPOSE, {
      inputs: [{ reverseFulfillmentOrderLineItemId: line.id, quantity: 1, dispositionType: "RESTOCKED" }],
    });
    expect(missing.data.reverseFulfillmentOrderDispose.userErrors).toEqual([
      {
        field: ["dispositionInputs", "0", "locationId"],
        message: "Location is required when the disposition type is RESTOCKED",
        code: "INVALID",
      },
    ]);
    const unknown = await ctx.gql(DISPOSE, {
      inputs: [
        { reverseFulfillmentOrderLineItemId: line.id, quantity: 1, dispositionType: "RESTOCKED", locationId: "gid://shopify/Location/1" },
      ],
    });
    expect(unknown.data.reverseFulfillmentOrderDispose.userErrors[0]).toMatchObject({ code: "NOT_FOUND" });
    expect(line.dispositions).toEqual([]);
    const done = await ctx.gql(DISPOSE, {
      inputs: [{ reverseFulfillmentOrderLineItemId: line.id, quantity: 1, dispositionType: "RESTOCKED", locationId: location.id }],
    });
    expect(done.data.reverseFulfillmentOrderDispose).toEqual({
      reverseFulfillmentOrderLineItems: [{ dispositions: [{ type: "RESTOCKED", location }] }],
      userErrors: [],
    });
  });
});

describe("countries", () => {
  it("serves the order's shipping country and the shop's own", async () => {
    const { gql, order } = setup();
    const body = await gql(
      `query($id: ID!) { order(id: $id) { shippingAddress { countryCodeV2 } } shop { billingAddress { countryCodeV2 } } }`,
      {
        id: order.id,
      },
    );
    expect(body.data).toEqual({ order: { shippingAddress: { countryCodeV2: "PL" } }, shop: { billingAddress: { countryCodeV2: "PL" } } });
  });
});
