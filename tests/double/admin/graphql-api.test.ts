import { describe, expect, it } from "vitest";
import { AdminGraphqlApi } from "../../support/shopify/admin";
import { SHOP, storeWithOrder } from "./factories";

async function run(api: AdminGraphqlApi, query: string, variables: Record<string, unknown> = {}) {
  const response = await api.handle(SHOP, { query, variables });
  expect(response.status).toBe(200);
  return response.body as { data?: any; errors?: any[]; extensions?: any };
}

describe("Admin GraphQL double", () => {
  it("rejects an unknown field the way Shopify does", async () => {
    const { store } = storeWithOrder();
    const body = await run(new AdminGraphqlApi(store), "{ shop { name favouriteColour } }");
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: "Field 'favouriteColour' doesn't exist on type 'Shop'",
        locations: [{ line: 1, column: 15 }],
        extensions: expect.objectContaining({ code: "undefinedField", typeName: "Shop", fieldName: "favouriteColour" }),
      }),
    ]);
  });

  it("rejects a missing required argument", async () => {
    const { store } = storeWithOrder();
    const body = await run(new AdminGraphqlApi(store), "{ order { id } }");
    expect(body.errors?.[0]).toMatchObject({
      message: "Field 'order' is missing required arguments: id",
      extensions: { code: "missingRequiredArguments" },
    });
  });

  it("answers an order query with line items, customer and money", async () => {
    const { store, order, customer } = storeWithOrder();
    const body = await run(
      new AdminGraphqlApi(store),
      `query Order($id: ID!) {
        order(id: $id) {
          id name email displayFinancialStatus displayFulfillmentStatus currencyCode
          totalPriceSet { shopMoney { amount currencyCode } }
          customer { id firstName locale emailMarketingConsent { marketingState } numberOfOrders amountSpent { amount } defaultEmailAddress { emailAddress } }
          lineItems(first: 5) { nodes { title quantity sku variant { id price } product { handle featuredImage { url altText } } originalUnitPriceSet { shopMoney { amount } } } }
        }
      }`,
      { id: order.id },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.order).toMatchObject({
      id: order.id,
      name: "#1001",
      email: "anna.nowak@example.pl",
      displayFinancialStatus: "PAID",
      displayFulfillmentStatus: "UNFULFILLED",
      currencyCode: "PLN",
      totalPriceSet: { shopMoney: { amount: "661.99", currencyCode: "PLN" } },
      customer: {
        id: customer.id,
        firstName: "Anna",
        locale: "pl",
        emailMarketingConsent: { marketingState: "SUBSCRIBED" },
        numberOfOrders: "1",
        amountSpent: { amount: "661.99" },
        defaultEmailAddress: { emailAddress: "anna.nowak@example.pl" },
      },
    });
    expect(body.data.order.lineItems.nodes[0]).toMatchObject({
      title: "Żeliwna patelnia",
      quantity: 2,
      sku: "PAN-24",
      variant: { price: "199.00" },
      product: { handle: "zeliwna-patelnia", featuredImage: { url: "https://cdn.example.com/pan.jpg", altText: "Pan" } },
      originalUnitPriceSet: { shopMoney: { amount: "199.00" } },
    });
    expect(body.extensions.cost).toMatchObject({
      requestedQueryCost: expect.any(Number),
      throttleStatus: { maximumAvailable: 2000, restoreRate: 100 },
    });
  });

  it("pages through orders with first/after and filters with query", async () => {
    const { store, product, customer } = storeWithOrder();
    for (let i = 0; i < 4; i++)
      store.createOrder(SHOP, { customerId: customer.id, lineItems: [{ variantId: product.variantIds[0], quantity: 1 }] });
    const api = new AdminGraphqlApi(store);
    const query = `query($after: String) { orders(first: 2, after: $after) { nodes { name } pageInfo { hasNextPage endCursor } } }`;
    const first = await run(api, query);
    expect(first.data.orders.nodes.map((o: { name: string }) => o.name)).toEqual(["#1001", "#1002"]);
    expect(first.data.orders.pageInfo.hasNextPage).toBe(true);
    const second = await run(api, query, { after: first.data.orders.pageInfo.endCursor });
    expect(second.data.orders.nodes.map((o: { name: string }) => o.name)).toEqual(["#1003", "#1004"]);
    const filtered = await run(api, `{ orders(first: 10, query: "name:#1005") { nodes { name } } }`);
    expect(filtered.data.orders.nodes).toEqual([{ name: "#1005" }]);
    const missingFirst = await run(api, `{ orders { nodes { name } } }`);
    expect(missingFirst.errors?.[0].message).toBe("you must provide one of first or last");
  });

  it("shows fulfillment tracking and delivery", async () => {
    const { store, order } = storeWithOrder();
    const fulfillment = store.fulfill(SHOP, order.id, {
      tracking: { company: "InPost", number: "620000000001", url: "https://inpost.pl/t/620000000001" },
    });
    store.markDelivered(SHOP, fulfillment.id, "2026-03-03T12:00:00Z");
    const body = await run(
      new AdminGraphqlApi(store),
      `query($id: ID!) { order(id: $id) { displayFulfillmentStatus fulfillments(first: 5) { id status displayStatus deliveredAt trackingInfo { company number url } } } }`,
      { id: order.id },
    );
    expect(body.data.order).toEqual({
      displayFulfillmentStatus: "FULFILLED",
      fulfillments: [
        {
          id: fulfillment.id,
          status: "SUCCESS",
          displayStatus: "DELIVERED",
          deliveredAt: "2026-03-03T12:00:00Z",
          trackingInfo: [{ company: "InPost", number: "620000000001", url: "https://inpost.pl/t/620000000001" }],
        },
      ],
    });
  });

  it("returnRequest creates a REQUESTED return that can be approved or declined", async () => {
    const { store, order } = storeWithOrder();
    const fulfillment = store.fulfill(SHOP, order.id);
    const api = new AdminGraphqlApi(store);
    const request = `mutation($input: ReturnRequestInput!) { returnRequest(input: $input) { return { id name status totalQuantity returnLineItems(first: 5) { nodes { quantity returnReason ... on ReturnLineItem { fulfillmentLineItem { lineItem { sku } } } } } } userErrors { field message code } } }`;
    const created = await run(api, request, {
      input: {
        orderId: order.id,
        returnLineItems: [{ fulfillmentLineItemId: fulfillment.lineItems[0].id, quantity: 1, returnReason: "DEFECTIVE" }],
      },
    });
    expect(created.data.returnRequest.userErrors).toEqual([]);
    expect(created.data.returnRequest.return).toMatchObject({
      name: "#1001-R1",
      status: "REQUESTED",
      totalQuantity: 1,
      returnLineItems: { nodes: [{ quantity: 1, returnReason: "DEFECTIVE", fulfillmentLineItem: { lineItem: { sku: "PAN-24" } } }] },
    });
    const orderView = await run(api, `query($id: ID!) { order(id: $id) { returnStatus returns(first: 5) { nodes { status } } } }`, {
      id: order.id,
    });
    expect(orderView.data.order).toEqual({ returnStatus: "RETURN_REQUESTED", returns: { nodes: [{ status: "REQUESTED" }] } });

    const tooMany = await run(api, request, {
      input: {
        orderId: order.id,
        returnLineItems: [{ fulfillmentLineItemId: fulfillment.lineItems[0].id, quantity: 5, returnReason: "OTHER" }],
      },
    });
    expect(tooMany.data.returnRequest).toMatchObject({
      return: null,
      userErrors: [{ code: "INVALID", field: ["input", "returnLineItems", "0", "quantity"] }],
    });

    const id = created.data.returnRequest.return.id;
    const approved = await run(
      api,
      `mutation($id: ID!) { returnApproveRequest(input: { id: $id }) { return { status } userErrors { code } } }`,
      { id },
    );
    expect(approved.data.returnApproveRequest).toEqual({ return: { status: "OPEN" }, userErrors: [] });
    const declineAfterApprove = await run(
      api,
      `mutation($id: ID!) { returnDeclineRequest(input: { id: $id, declineReason: FINAL_SALE }) { return { status } userErrors { code message } } }`,
      { id },
    );
    expect(declineAfterApprove.data.returnDeclineRequest.userErrors[0].code).toBe("INVALID_STATE");
  });

  it("discountCodeBasicCreate creates a code the store can later mark used", async () => {
    const { store, customer } = storeWithOrder();
    const api = new AdminGraphqlApi(store);
    const create = `mutation($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { title status asyncUsageCount codes(first: 1) { nodes { code } } customerGets { value { ... on DiscountPercentage { percentage } } } } } } userErrors { field message code } } }`;
    const input = {
      title: "Dziękujemy za opinię",
      code: "THANKS-ANNA",
      startsAt: "2026-03-01T00:00:00Z",
      usageLimit: 1,
      context: { customers: { add: [customer.id] } },
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
    };
    const created = await run(api, create, { input });
    expect(created.data.discountCodeBasicCreate.userErrors).toEqual([]);
    expect(created.data.discountCodeBasicCreate.codeDiscountNode.codeDiscount).toEqual({
      title: "Dziękujemy za opinię",
      status: "ACTIVE",
      asyncUsageCount: 0,
      codes: { nodes: [{ code: "THANKS-ANNA" }] },
      customerGets: { value: { percentage: 0.1 } },
    });
    const duplicate = await run(api, create, { input });
    expect(duplicate.data.discountCodeBasicCreate.userErrors[0]).toMatchObject({ code: "TAKEN", field: ["basicCodeDiscount", "code"] });

    store.markDiscountCodeUsed(SHOP, "thanks-anna");
    const after = await run(
      api,
      `{ codeDiscountNodeByCode(code: "THANKS-ANNA") { codeDiscount { ... on DiscountCodeBasic { status asyncUsageCount } } } }`,
    );
    expect(after.data.codeDiscountNodeByCode.codeDiscount).toEqual({ status: "EXPIRED", asyncUsageCount: 1 });
  });

  it("metafieldsSet stores typed values and rejects invalid ones atomically", async () => {
    const { store, order } = storeWithOrder();
    const api = new AdminGraphqlApi(store);
    const set = `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { namespace key value jsonValue ownerType } userErrors { field code elementIndex } } }`;
    const ok = await run(api, set, {
      m: [{ ownerId: order.id, namespace: "aftercare", key: "review_requested", type: "boolean", value: "true" }],
    });
    expect(ok.data.metafieldsSet).toEqual({
      metafields: [{ namespace: "aftercare", key: "review_requested", value: "true", jsonValue: true, ownerType: "ORDER" }],
      userErrors: [],
    });
    const bad = await run(api, set, {
      m: [
        { ownerId: order.id, namespace: "aftercare", key: "score", type: "number_integer", value: "7" },
        { ownerId: order.id, namespace: "aftercare", key: "when", type: "number_integer", value: "soon" },
      ],
    });
    expect(bad.data.metafieldsSet).toEqual({
      metafields: null,
      userErrors: [{ field: ["metafields", "1", "value"], code: "INVALID_VALUE", elementIndex: 1 }],
    });
    const read = await run(api, `query($id: ID!) { order(id: $id) { metafield(namespace: "aftercare", key: "score") { value } } }`, {
      id: order.id,
    });
    expect(read.data.order.metafield).toBeNull();
  });

  it("storeCreditAccountCredit opens an account for a customer and adds to its balance", async () => {
    const { store, customer } = storeWithOrder();
    const api = new AdminGraphqlApi(store);
    const credit = `mutation($id: ID!, $amount: Decimal!) { storeCreditAccountCredit(id: $id, creditInput: { creditAmount: { amount: $amount, currencyCode: PLN } }) { storeCreditAccountTransaction { amount { amount } balanceAfterTransaction { amount } account { id balance { amount currencyCode } } } userErrors { code } } }`;
    await run(api, credit, { id: customer.id, amount: "20.00" });
    const second = await run(api, credit, { id: customer.id, amount: "5.50" });
    expect(second.data.storeCreditAccountCredit).toMatchObject({
      storeCreditAccountTransaction: {
        amount: { amount: "5.50" },
        balanceAfterTransaction: { amount: "25.50" },
        account: { balance: { amount: "25.50", currencyCode: "PLN" } },
      },
      userErrors: [],
    });
    const negative = await run(api, credit, { id: customer.id, amount: "-1" });
    expect(negative.data.storeCreditAccountCredit.userErrors).toEqual([{ code: "NEGATIVE_OR_ZERO_AMOUNT" }]);
    const accounts = await run(
      api,
      `query($id: ID!) { customer(id: $id) { storeCreditAccounts(first: 5) { nodes { balance { amount } } } } }`,
      { id: customer.id },
    );
    expect(accounts.data.customer.storeCreditAccounts.nodes).toEqual([{ balance: { amount: "25.50" } }]);
  });

  it("reports Shopify's cost and refuses a query over the single-query limit", async () => {
    const { store } = storeWithOrder();
    const api = new AdminGraphqlApi(store);
    const cheap = await run(api, `{ shop { name primaryDomain { url } } }`);
    expect(cheap.extensions.cost).toEqual({
      requestedQueryCost: 2,
      actualQueryCost: 2,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1998, restoreRate: 100 },
    });
    const huge = await run(api, `{ orders(first: 250) { nodes { lineItems(first: 50) { nodes { title } } } } }`);
    expect(huge.errors?.[0].extensions.code).toBe("MAX_COST_EXCEEDED");
  });
});
