// The double's Returns API through GraphQL, as the app drives it: returns created OPEN, labels and tracking
// back, what was received, processing with refunds to the payment or to store credit and exchanges, closing,
// reopening, cancelling, the webhooks each step fires and @idempotent keys on money-moving mutations.
import { describe, expect, it } from "vitest";
import { AdminGraphqlApi, DEFAULT_SCOPES, type ChangeEvent, type WebhookTopic } from "../../support/shopify/admin";
import { SHOP, storeWithOrder } from "./factories";

type Body = { data?: any; errors?: any[] };

function setup() {
  const { store, product, customer, order } = storeWithOrder();
  const fulfillment = store.fulfill(SHOP, order.id);
  const [pans, bigPan] = fulfillment.lineItems; // 2 × 199.00 and 1 × 249.00; the order's total is 661.99 PLN
  const events: ChangeEvent[] = [];
  store.on("change", (event: ChangeEvent) => events.push(event));
  const api = new AdminGraphqlApi(store);
  const gql = async (query: string, variables: Record<string, unknown> = {}): Promise<Body> => {
    const response = await api.handle(SHOP, { query, variables }, { scope: DEFAULT_SCOPES });
    expect(response.status).toBe(200);
    return response.body as Body;
  };
  const fired = (topic: WebhookTopic) => events.filter((e) => e.topic === topic).map((e) => JSON.parse(e.body));
  // Where the order shipped from (restocking happens there) and the sale a refund to the payment goes back to.
  const location = store.locationsOf(SHOP)[0].id;
  const sale = store.transactionsOf(SHOP, order.id).find((t) => t.kind === "SALE")!.id;
  return { store, product, customer, order, pans, bigPan, events, gql, fired, location, sale };
}

const RETURN_FIELDS = `id status
  returnLineItems(first: 10) { nodes { id quantity refundableQuantity refundedQuantity ... on ReturnLineItem { restockingFee { percentage amountSet { shopMoney { amount } } } } } }
  exchangeLineItems(first: 10) { nodes { id lineItem { id quantity variant { id } } } }
  returnShippingFees { amountSet { shopMoney { amount currencyCode } } }
  reverseFulfillmentOrders(first: 5) { nodes { id status
    lineItems(first: 10) { nodes { id totalQuantity dispositions { type quantity } fulfillmentLineItem { id } } }
    reverseDeliveries(first: 5) { nodes { id deliverable { ... on ReverseDeliveryShippingDeliverable { label { publicFileUrl } tracking { number url } } } } } } }
  refunds(first: 5) { nodes { id totalRefundedSet { shopMoney { amount } } } }`;

const RETURN_CREATE = `mutation($input: ReturnInput!) { returnCreate(returnInput: $input) { return { ${RETURN_FIELDS} } userErrors { field message code } } }`;
const RETURN_PROCESS = `mutation($input: ReturnProcessInput!, $key: String!) {
  returnProcess(input: $input) @idempotent(key: $key) { return { ${RETURN_FIELDS} } userErrors { field message code } } }`;
const RETURN_QUERY = `query($id: ID!) { return(id: $id) { ${RETURN_FIELDS} } }`;

const pln = (amount: string) => ({ amount, currencyCode: "PLN" });
const toPayment = (parentId: string, amount: string) => ({
  issueRefund: { orderTransactions: [{ parentId, transactionAmount: pln(amount) }] },
});

describe("returnCreate", () => {
  it("creates an OPEN return with exchanges, fees and its reverse fulfillment order, and fires returns/approve", async () => {
    const { gql, fired, pans, product, order } = setup();
    const body = await gql(RETURN_CREATE, {
      input: {
        orderId: order.id,
        returnLineItems: [
          {
            fulfillmentLineItemId: pans.id,
            quantity: 1,
            returnReason: "SIZE_TOO_SMALL",
            returnReasonNote: "Za mała",
            restockingFee: { percentage: 10 },
          },
        ],
        exchangeLineItems: [{ variantId: product.variantIds[1], quantity: 1 }],
        returnShippingFee: { amount: pln("12.00") },
      },
    });
    expect(body.errors).toBeUndefined();
    const { return: ret, userErrors } = body.data.returnCreate;
    expect(userErrors).toEqual([]);
    expect(ret.status).toBe("OPEN");
    expect(ret.returnLineItems.nodes[0].restockingFee).toEqual({ percentage: 10, amountSet: { shopMoney: { amount: "19.90" } } });
    expect(ret.exchangeLineItems.nodes).toEqual([{ id: expect.stringMatching(/^gid:\/\/shopify\/ExchangeLineItem\//), lineItem: null }]);
    expect(ret.returnShippingFees).toEqual([{ amountSet: { shopMoney: { amount: "12.00", currencyCode: "PLN" } } }]);
    const rfo = ret.reverseFulfillmentOrders.nodes[0];
    expect(rfo.status).toBe("OPEN");
    expect(rfo.lineItems.nodes).toEqual([
      { id: expect.any(String), totalQuantity: 1, dispositions: [], fulfillmentLineItem: { id: pans.id } },
    ]);

    const [payload] = fired("returns/approve");
    expect(payload).toMatchObject({
      admin_graphql_api_id: ret.id,
      status: "open",
      total_return_line_items: 1,
      total_exchange_line_items: 1,
    });
    expect(String(payload.order.admin_graphql_api_id)).toBe(order.id);
    expect(payload.return_shipping_fees[0].price.shop_money).toEqual({ amount: "12.00", currency_code: "PLN" });
  });

  it.each([
    ["a quantity above what is returnable", { quantity: 3 }, ["returnInput", "returnLineItems", "0", "quantity"], "INVALID"],
    [
      "a restocking fee above 100 %",
      { restockingFee: { percentage: 120 } },
      ["returnInput", "returnLineItems", "0", "restockingFee", "percentage"],
      "INVALID",
    ],
  ])("refuses %s", async (_, line, field, code) => {
    const { gql, fired, pans, order } = setup();
    const body = await gql(RETURN_CREATE, {
      input: { orderId: order.id, returnLineItems: [{ fulfillmentLineItemId: pans.id, quantity: 1, returnReason: "UNWANTED", ...line }] },
    });
    expect(body.data.returnCreate.return).toBeNull();
    expect(body.data.returnCreate.userErrors).toEqual([{ field, message: expect.any(String), code }]);
    expect(fired("returns/approve")).toEqual([]);
  });

  it("refuses an unknown order or an exchange for a variant that does not exist", async () => {
    const { gql, pans, order } = setup();
    const unknownOrder = await gql(RETURN_CREATE, {
      input: {
        orderId: "gid://shopify/Order/1",
        returnLineItems: [{ fulfillmentLineItemId: pans.id, quantity: 1, returnReason: "UNWANTED" }],
      },
    });
    expect(unknownOrder.data.returnCreate.userErrors[0]).toMatchObject({ field: ["returnInput", "orderId"], code: "NOT_FOUND" });
    const unknownVariant = await gql(RETURN_CREATE, {
      input: {
        orderId: order.id,
        returnLineItems: [{ fulfillmentLineItemId: pans.id, quantity: 1, returnReason: "UNWANTED" }],
        exchangeLineItems: [{ variantId: "gid://shopify/ProductVariant/1", quantity: 1 }],
      },
    });
    expect(unknownVariant.data.returnCreate.userErrors[0]).toMatchObject({
      field: ["returnInput", "exchangeLineItems", "0", "variantId"],
      code: "NOT_FOUND",
    });
  });

  it("needs the write_returns access scope", async () => {
    const { store, pans, order } = setup();
    const response = await new AdminGraphqlApi(store).handle(
      SHOP,
      {
        query: RETURN_CREATE,
        variables: {
          input: { orderId: order.id, returnLineItems: [{ fulfillmentLineItemId: pans.id, quantity: 1, returnReason: "UNWANTED" }] },
        },
      },
      { scope: "read_orders,read_returns" },
    );
    expect((response.body as Body).errors?.[0]).toMatchObject({ extensions: { code: "ACCESS_DENIED" } });
    expect(store.returnsOf(SHOP, order.id)).toEqual([]);
  });

  it("opens a reverse fulfillment order when a requested return is approved", async () => {
    const { gql, store, pans, order } = setup();
    const requested = store.requestReturn(SHOP, order.id, [{ fulfillmentLineItemId: pans.id, quantity: 2, returnReason: "DEFECTIVE" }]);
    expect((await gql(RETURN_QUERY, { id: requested.id })).data.return.reverseFulfillmentOrders.nodes).toEqual([]);
    await gql(`mutation($id: ID!) { returnApproveRequest(input: { id: $id }) { userErrors { message } } }`, { id: requested.id });
    const rfo = (await gql(RETURN_QUERY, { id: requested.id })).data.return.reverseFulfillmentOrders.nodes[0];
    expect(rfo.lineItems.nodes[0]).toMatchObject({ totalQuantity: 2, fulfillmentLineItem: { id: pans.id } });
  });
});

/** An OPEN return of both pans and the big pan, created through the store helper. */
function openReturn(ctx: ReturnType<typeof setup>) {
  return ctx.store.createReturn(SHOP, {
    orderId: ctx.order.id,
    returnLineItems: [
      { fulfillmentLineItemId: ctx.pans.id, quantity: 2, returnReason: "DEFECTIVE" },
      { fulfillmentLineItemId: ctx.bigPan.id, quantity: 1, returnReason: "UNWANTED" },
    ],
    exchangeLineItems: [{ variantId: ctx.product.variantIds[1], quantity: 1 }],
  });
}

async function reverseLines(ctx: ReturnType<typeof setup>, returnId: string) {
  const body = await ctx.gql(RETURN_QUERY, { id: returnId });
  const rfo = body.data.return.reverseFulfillmentOrders.nodes[0];
  return {
    rfoId: rfo.id as string,
    lines: rfo.lineItems.nodes as { id: string }[],
    returnLines: body.data.return.returnLineItems.nodes as { id: string }[],
  };
}

describe("reverseDeliveryCreateWithShipping", () => {
  const CREATE = `mutation($rfo: ID!, $lines: [ReverseDeliveryLineItemInput!]!, $tracking: ReverseDeliveryTrackingInput, $label: ReverseDeliveryLabelInput) {
    reverseDeliveryCreateWithShipping(reverseFulfillmentOrderId: $rfo, reverseDeliveryLineItems: $lines, trackingInput: $tracking, labelInput: $label) {
      reverseDelivery { id deliverable { ... on ReverseDeliveryShippingDeliverable { label { publicFileUrl } tracking { number url } } }
        reverseFulfillmentOrder { id } reverseDeliveryLineItems(first: 5) { nodes { quantity reverseFulfillmentOrderLineItem { id } } } }
      userErrors { field message code } } }`;

  it("attaches the label and tracking to the return and fires reverse_deliveries/attach_deliverable", async () => {
    const ctx = setup();
    const ret = openReturn(ctx);
    const { rfoId, lines } = await reverseLines(ctx, ret.id);
    const body = await ctx.gql(CREATE, {
      rfo: rfoId,
      lines: [{ reverseFulfillmentOrderLineItemId: lines[0].id, quantity: 2 }],
      tracking: { number: "RET-0001", url: "https://inpost.pl/t/RET-0001" },
      label: { fileUrl: "https://labels.example.com/RET-0001.pdf" },
    });
    const { reverseDelivery, userErrors } = body.data.reverseDeliveryCreateWithShipping;
    expect(userErrors).toEqual([]);
    expect(reverseDelivery).toMatchObject({
      deliverable: {
        label: { publicFileUrl: "https://labels.example.com/RET-0001.pdf" },
        tracking: { number: "RET-0001", url: "https://inpost.pl/t/RET-0001" },
      },
      reverseFulfillmentOrder: { id: rfoId },
      reverseDeliveryLineItems: { nodes: [{ quantity: 2, reverseFulfillmentOrderLineItem: { id: lines[0].id } }] },
    });
    const seen = (await ctx.gql(RETURN_QUERY, { id: ret.id })).data.return.reverseFulfillmentOrders.nodes[0].reverseDeliveries.nodes;
    expect(seen).toEqual([{ id: reverseDelivery.id, deliverable: reverseDelivery.deliverable }]);

    const [payload] = ctx.fired("reverse_deliveries/attach_deliverable");
    expect(payload).toMatchObject({
      admin_graphql_api_id: reverseDelivery.id,
      return: { admin_graphql_api_id: ret.id },
      shipping_deliverable: {
        label: { public_file_url: "https://labels.example.com/RET-0001.pdf" },
        tracking: { tracking_number: "RET-0001", tracking_url: "https://inpost.pl/t/RET-0001" },
      },
    });
  });

  it("refuses more units than the line holds and an unknown reverse fulfillment order", async () => {
    const ctx = setup();
    const ret = openReturn(ctx);
    const { rfoId, lines } = await reverseLines(ctx, ret.id);
    const tooMany = await ctx.gql(CREATE, {
      rfo: rfoId,
      lines: [{ reverseFulfillmentOrderLineItemId: lines[0].id, quantity: 3 }],
      tracking: { number: "X" },
    });
    expect(tooMany.data.reverseDeliveryCreateWithShipping.userErrors).toEqual([
      { field: ["reverseDeliveryLineItems", "0", "quantity"], message: "Quantity must be between 1 and 2", code: "INVALID" },
    ]);
    const unknown = await ctx.gql(CREATE, { rfo: "gid://shopify/ReverseFulfillmentOrder/1", lines: [], tracking: { number: "X" } });
    expect(unknown.data.reverseDeliveryCreateWithShipping.userErrors[0]).toMatchObject({ code: "NOT_FOUND" });
    expect(ctx.fired("reverse_deliveries/attach_deliverable")).toEqual([]);
  });
});

describe("reverseFulfillmentOrderDispose", () => {
  const DISPOSE = `mutation($inputs: [ReverseFulfillmentOrderDisposeInput!]!) {
    reverseFulfillmentOrderDispose(dispositionInputs: $inputs) { reverseFulfillmentOrderLineItems { id dispositions { type quantity } } userErrors { field message code } } }`;

  it("records what was received, and restocked units are back in stock", async () => {
    const ctx = setup();
    ctx.store.setInventoryQuantity(SHOP, ctx.product.variantIds[0], 5);
    const ret = openReturn(ctx);
    const { lines } = await reverseLines(ctx, ret.id);
    const body = await ctx.gql(DISPOSE, {
      inputs: [
        { reverseFulfillmentOrderLineItemId: lines[0].id, quantity: 1, dispositionType: "RESTOCKED", locationId: ctx.location },
        { reverseFulfillmentOrderLineItemId: lines[0].id, quantity: 1, dispositionType: "MISSING" },
      ],
    });
    expect(body.data.reverseFulfillmentOrderDispose).toEqual({
      reverseFulfillmentOrderLineItems: [
        {
          id: lines[0].id,
          dispositions: [
            { type: "RESTOCKED", quantity: 1 },
            { type: "MISSING", quantity: 1 },
          ],
        },
      ],
      userErrors: [],
    });
    const stock = await ctx.gql(`query($id: ID!) { productVariant(id: $id) { inventoryQuantity } }`, { id: ctx.product.variantIds[0] });
    expect(stock.data.productVariant.inventoryQuantity).toBe(6);
  });

  it("refuses more units than are left to dispose, changing nothing", async () => {
    const ctx = setup();
    const ret = openReturn(ctx);
    const { lines } = await reverseLines(ctx, ret.id);
    const body = await ctx.gql(DISPOSE, {
      inputs: [
        { reverseFulfillmentOrderLineItemId: lines[1].id, quantity: 1, dispositionType: "NOT_RESTOCKED" },
        { reverseFulfillmentOrderLineItemId: lines[1].id, quantity: 1, dispositionType: "RESTOCKED", locationId: ctx.location },
      ],
    });
    expect(body.data.reverseFulfillmentOrderDispose.userErrors).toEqual([
      { field: ["dispositionInputs", "1", "quantity"], message: "Quantity must be between 1 and 0", code: "INVALID" },
    ]);
    const after = (await ctx.gql(RETURN_QUERY, { id: ret.id })).data.return.reverseFulfillmentOrders.nodes[0].lineItems.nodes[1];
    expect(after.dispositions).toEqual([]);
  });
});

describe("returnProcess", () => {
  it("refunds returned items to the original payment and fires refunds/create with the refund's line items", async () => {
    const ctx = setup();
    const ret = openReturn(ctx);
    const { lines, returnLines } = await reverseLines(ctx, ret.id);
    const body = await ctx.gql(RETURN_PROCESS, {
      key: "process-1",
      input: {
        returnId: ret.id,
        returnLineItems: [
          {
            id: returnLines[0].id,
            quantity: 1,
            dispositions: [
              { reverseFulfillmentOrderLineItemId: lines[0].id, quantity: 1, dispositionType: "RESTOCKED", locationId: ctx.location },
            ],
          },
        ],
        financialTransfer: toPayment(ctx.sale, "199.00"),
      },
    });
    expect(body.errors).toBeUndefined();
    const processed = body.data.returnProcess.return;
    expect(body.data.returnProcess.userErrors).toEqual([]);
    expect(processed.refunds.nodes).toEqual([{ id: expect.any(String), totalRefundedSet: { shopMoney: { amount: "199.00" } } }]);
    expect(processed.returnLineItems.nodes[0]).toMatchObject({ quantity: 2, refundedQuantity: 1, refundableQuantity: 1 });
    expect(processed.reverseFulfillmentOrders.nodes[0].lineItems.nodes[0].dispositions).toEqual([{ type: "RESTOCKED", quantity: 1 }]);

    const [refund] = ctx.fired("refunds/create");
    expect(refund.admin_graphql_api_id).toBe(processed.refunds.nodes[0].id);
    expect(ctx.events.find((e) => e.topic === "refunds/create")!.body).toContain(`"order_id":${ctx.order.id.split("/").pop()}`);
    expect(refund.return.admin_graphql_api_id).toBe(ret.id);
    expect(refund.refund_line_items).toEqual([
      expect.objectContaining({
        quantity: 1,
        restock_type: "return",
        subtotal: 199,
        line_item: expect.objectContaining({ admin_graphql_api_id: ctx.order.lineItems[0].id }),
      }),
    ]);
    expect(refund.transactions).toEqual([expect.objectContaining({ kind: "refund", amount: "199.00", status: "success" })]);
    const order = await ctx.gql(`query($id: ID!) { order(id: $id) { displayFinancialStatus } }`, { id: ctx.order.id });
    expect(order.data.order.displayFinancialStatus).toBe("PARTIALLY_REFUNDED");
  });

  it("refunds to store credit: the customer's account is opened and credited, and the refund says so", async () => {
    const ctx = setup();
    const ret = openReturn(ctx);
    const { returnLines } = await ctx.gql(RETURN_QUERY, { id: ret.id }).then((b) => ({ returnLines: b.data.return.returnLineItems.nodes }));
    const body = await ctx.gql(RETURN_PROCESS, {
      key: "credit-1",
      input: {
        returnId: ret.id,
        returnLineItems: [{ id: returnLines[1].id, quantity: 1 }],
        financialTransfer: { issueRefund: { orderTransactions: [], refundMethods: [{ storeCreditRefund: { amount: pln("273.90") } }] } },
      },
    });
    expect(body.data.returnProcess.userErrors).toEqual([]);
    const accounts = await ctx.gql(
      `query($id: ID!) { customer(id: $id) { storeCreditAccounts(first: 5) { nodes { balance { amount currencyCode } } } } }`,
      {
        id: ctx.customer.id,
      },
    );
    expect(accounts.data.customer.storeCreditAccounts.nodes).toEqual([{ balance: { amount: "273.90", currencyCode: "PLN" } }]);
    const [refund] = ctx.fired("refunds/create");
    expect(refund.transactions).toEqual([expect.objectContaining({ gateway: "shopify_store_credit", kind: "refund", amount: "273.90" })]);
    expect(refund.refund_line_items).toEqual([expect.objectContaining({ quantity: 1, restock_type: "no_restock" })]);
  });

  it("processes an exchange: the exchange line item becomes an order line with its variant", async () => {
    const ctx = setup();
    const ret = openReturn(ctx);
    const before = (await ctx.gql(RETURN_QUERY, { id: ret.id })).data.return;
    const body = await ctx.gql(RETURN_PROCESS, {
      key: "exchange-1",
      input: {
        returnId: ret.id,
        returnLineItems: [{ id: before.returnLineItems.nodes[1].id, quantity: 1 }],
        exchangeLineItems: [{ id: before.exchangeLineItems.nodes[0].id, quantity: 1 }],
      },
    });
    expect(body.data.returnProcess.userErrors).toEqual([]);
    expect(body.data.returnProcess.return.exchangeLineItems.nodes[0].lineItem).toEqual({
      id: expect.stringMatching(/^gid:\/\/shopify\/LineItem\//),
      quantity: 1,
      variant: { id: ctx.product.variantIds[1] },
    });
    expect(ctx.fired("refunds/create")).toEqual([]);
  });

  it("refuses a quantity above what is left to process", async () => {
    const ctx = setup();
    const ret = openReturn(ctx);
    const line = ret.lineItems[0].id;
    ctx.store.processReturn(SHOP, { returnId: ret.id, returnLineItems: [{ id: line, quantity: 2 }] });
    const body = await ctx.gql(RETURN_PROCESS, { key: "again", input: { returnId: ret.id, returnLineItems: [{ id: line, quantity: 1 }] } });
    expect(body.data.returnProcess).toEqual({
      return: null,
      userErrors: [
        {
          field: ["input", "returnLineItems", "0", "quantity"],
          message: "Quantity must be between 1 and 0, the quantity left to process",
          code: "INVALID",
        },
      ],
    });
  });

  it("refuses a return that is not open", async () => {
    const ctx = setup();
    const requested = ctx.store.requestReturn(SHOP, ctx.order.id, [
      { fulfillmentLineItemId: ctx.pans.id, quantity: 1, returnReason: "UNWANTED" },
    ]);
    const body = await ctx.gql(RETURN_PROCESS, {
      key: "not-open",
      input: { returnId: requested.id, returnLineItems: [{ id: requested.lineItems[0].id, quantity: 1 }] },
    });
    expect(body.data.returnProcess.userErrors).toEqual([
      { field: ["input", "returnId"], message: "Return is requested, not open", code: "INVALID_STATE" },
    ]);
  });

  it("refuses amounts above what is refundable unless over-refunding the payment is allowed; store credit never exceeds it", async () => {
    const ctx = setup();
    const ret = openReturn(ctx);
    const input = (issueRefund: object) => ({
      returnId: ret.id,
      returnLineItems: [{ id: ret.lineItems[1].id, quantity: 1 }],
      financialTransfer: { issueRefund },
    });
    const transaction = { parentId: ctx.sale, transactionAmount: pln("700.00") };
    const over = await ctx.gql(RETURN_PROCESS, { key: "over", input: input({ orderTransactions: [transaction] }) });
    expect(over.data.returnProcess.userErrors).toEqual([
      {
        field: ["input", "financialTransfer", "issueRefund", "orderTransactions"],
        message: "Refund of 700.00 exceeds the refundable amount of 661.99",
        code: "INVALID",
      },
    ]);
    const credit = await ctx.gql(RETURN_PROCESS, {
      key: "credit-over",
      input: input({ orderTransactions: [], refundMethods: [{ storeCreditRefund: { amount: pln("700.00") } }], allowOverRefunding: true }),
    });
    expect(credit.data.returnProcess.userErrors[0]).toMatchObject({
      field: ["input", "financialTransfer", "issueRefund", "refundMethods"],
      code: "INVALID",
    });
    expect(ctx.fired("refunds/create")).toEqual([]);
    const allowed = await ctx.gql(RETURN_PROCESS, {
      key: "allowed",
      input: input({ orderTransactions: [transaction], allowOverRefunding: true }),
    });
    expect(allowed.data.returnProcess.userErrors).toEqual([]);
    expect(ctx.fired("refunds/create").map((r) => r.transactions[0].amount)).toEqual(["700.00"]);
  });
});

describe("@idempotent keys on money-moving mutations", () => {
  it("returnProcess: the same key again returns the first result, with one refund and one refunds/create", async () => {
    const ctx = setup();
    const ret = openReturn(ctx);
    const variables = {
      key: "5f0c7c1e-retry",
      input: {
        returnId: ret.id,
        returnLineItems: [{ id: ret.lineItems[1].id, quantity: 1 }],
        financialTransfer: toPayment(ctx.sale, "249.00"),
      },
    };
    const first = await ctx.gql(RETURN_PROCESS, variables);
    const second = await ctx.gql(RETURN_PROCESS, variables);
    expect(second.data).toEqual(first.data);
    expect(ctx.fired("refunds/create")).toHaveLength(1);
    expect(ctx.store.refundsOf(SHOP, ctx.order.id)).toHaveLength(1);
  });

  it("returnProcess without a key is refused and does nothing", async () => {
    const ctx = setup();
    const ret = openReturn(ctx);
    const body = await ctx.gql(
      `mutation($input: ReturnProcessInput!) { returnProcess(input: $input) { return { id } userErrors { message } } }`,
      {
        input: {
          returnId: ret.id,
          returnLineItems: [{ id: ret.lineItems[1].id, quantity: 1 }],
          financialTransfer: toPayment(ctx.sale, "249.00"),
        },
      },
    );
    expect(body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "IDEMPOTENCY_KEY_REQUIRED" }) })]);
    expect(ctx.fired("refunds/create")).toEqual([]);
  });

  it("refuses the same key with other arguments", async () => {
    const ctx = setup();
    const ret = openReturn(ctx);
    const input = (amount: string) => ({
      returnId: ret.id,
      returnLineItems: [{ id: ret.lineItems[1].id, quantity: 1 }],
      financialTransfer: toPayment(ctx.sale, amount),
    });
    await ctx.gql(RETURN_PROCESS, { key: "k-1", input: input("100.00") });
    const reused = await ctx.gql(RETURN_PROCESS, { key: "k-1", input: input("120.00") });
    expect(reused.errors).toEqual([
      expect.objectContaining({
        message: "The same idempotency key cannot be used with different operation parameters.",
        extensions: expect.objectContaining({ code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH" }),
      }),
    ]);
    expect(ctx.fired("refunds/create")).toHaveLength(1);
  });

  it("storeCreditAccountCredit: the same key credits once and returns the same transaction", async () => {
    const ctx = setup();
    const credit = `mutation($id: ID!, $key: String!) {
      storeCreditAccountCredit(id: $id, creditInput: { creditAmount: { amount: "50.00", currencyCode: PLN } }) @idempotent(key: $key) {
        storeCreditAccountTransaction { id balanceAfterTransaction { amount } account { balance { amount } } } userErrors { message } } }`;
    const first = await ctx.gql(credit, { id: ctx.customer.id, key: "credit-once" });
    const second = await ctx.gql(credit, { id: ctx.customer.id, key: "credit-once" });
    expect(second.data.storeCreditAccountCredit.storeCreditAccountTransaction.id).toBe(
      first.data.storeCreditAccountCredit.storeCreditAccountTransaction.id,
    );
    expect(second.data.storeCreditAccountCredit.storeCreditAccountTransaction.account.balance.amount).toBe("50.00");
    const other = await ctx.gql(credit, { id: ctx.customer.id, key: "credit-twice" });
    expect(other.data.storeCreditAccountCredit.storeCreditAccountTransaction.balanceAfterTransaction.amount).toBe("100.00");
  });
});

describe("returnClose, returnReopen, returnCancel", () => {
  const STATUS = (name: string) => `mutation($id: ID!) { ${name}(id: $id) { return { id status } userErrors { field message code } } }`;

  it("closes an open return and reopens a closed one, firing returns/close and returns/reopen", async () => {
    const ctx = setup();
    const ret = openReturn(ctx);
    expect((await ctx.gql(STATUS("returnClose"), { id: ret.id })).data.returnClose).toEqual({
      return: { id: ret.id, status: "CLOSED" },
      userErrors: [],
    });
    expect(ctx.fired("returns/close")).toEqual([
      { admin_graphql_api_id: ret.id, id: expect.any(Number), order_id: expect.any(Number), status: "closed" },
    ]);
    expect(ctx.events.find((e) => e.topic === "returns/close")!.body).toContain(`"order_id":${ctx.order.id.split("/").pop()}`);
    const again = await ctx.gql(STATUS("returnClose"), { id: ret.id });
    expect(again.data.returnClose.userErrors).toEqual([
      { field: ["id"], message: "Return is closed; only open returns can become closed", code: "INVALID_STATE" },
    ]);

    expect((await ctx.gql(STATUS("returnReopen"), { id: ret.id })).data.returnReopen.return.status).toBe("OPEN");
    expect(ctx.fired("returns/reopen")).toEqual([expect.objectContaining({ admin_graphql_api_id: ret.id, status: "open" })]);
    const reopenOpen = await ctx.gql(STATUS("returnReopen"), { id: ret.id });
    expect(reopenOpen.data.returnReopen.userErrors[0]).toMatchObject({ code: "INVALID_STATE" });
    expect((await ctx.gql(RETURN_QUERY, { id: ret.id })).data.return.reverseFulfillmentOrders.nodes[0].status).toBe("OPEN");
  });

  it("cancels an untouched open return (its items are returnable again) and fires returns/cancel", async () => {
    const ctx = setup();
    const ret = openReturn(ctx);
    expect((await ctx.gql(STATUS("returnCancel"), { id: ret.id })).data.returnCancel.return.status).toBe("CANCELED");
    expect(ctx.fired("returns/cancel")).toEqual([expect.objectContaining({ admin_graphql_api_id: ret.id, status: "canceled" })]);
    expect(ctx.store.returnableQuantity(SHOP, ctx.order.id, ctx.pans.id)).toBe(2);
  });

  it("refuses to cancel a processed return or one that is only requested", async () => {
    const ctx = setup();
    const ret = openReturn(ctx);
    ctx.store.processReturn(SHOP, { returnId: ret.id, returnLineItems: [{ id: ret.lineItems[0].id, quantity: 1 }] });
    const processed = await ctx.gql(STATUS("returnCancel"), { id: ret.id });
    expect(processed.data.returnCancel.userErrors).toEqual([
      { field: ["id"], message: "Return can't be canceled because it has been processed", code: "INVALID_STATE" },
    ]);
    expect(ctx.fired("returns/cancel")).toEqual([]);
    const other = setup();
    const requested = other.store.requestReturn(SHOP, other.order.id, [
      { fulfillmentLineItemId: other.bigPan.id, quantity: 1, returnReason: "UNWANTED" },
    ]);
    expect((await other.gql(STATUS("returnCancel"), { id: requested.id })).data.returnCancel.userErrors[0]).toMatchObject({
      code: "INVALID_STATE",
    });
    expect(other.fired("returns/cancel")).toEqual([]);
  });

  it("lets tests set up states with store helpers, as the API would leave them", () => {
    const ctx = setup();
    const ret = openReturn(ctx);
    const rfo = ret.details!.reverseFulfillmentOrders[0];
    const delivery = ctx.store.createReverseDelivery(SHOP, {
      reverseFulfillmentOrderId: rfo.id,
      reverseDeliveryLineItems: [],
      trackingInput: { number: "RET-9" },
    });
    expect(delivery.tracking?.number).toBe("RET-9");
    ctx.store.disposeReturnItems(SHOP, [
      { reverseFulfillmentOrderLineItemId: rfo.lineItems[1].id, quantity: 1, dispositionType: "NOT_RESTOCKED" },
    ]);
    expect(rfo.lineItems[1].dispositions).toEqual([expect.objectContaining({ type: "NOT_RESTOCKED", quantity: 1 })]);
    const { refund } = ctx.store.processReturn(SHOP, {
      returnId: ret.id,
      returnLineItems: [{ id: ret.lineItems[1].id, quantity: 1 }],
      financialTransfer: toPayment(ctx.sale, "249.00"),
    });
    expect(refund?.amount).toBe("249.00");
    expect(ctx.store.closeReturn(SHOP, ret.id).status).toBe("CLOSED");
    expect(ctx.fired("returns/close")).toHaveLength(1);
  });
});
