// Admin API operations of the returns capability: the order as a return needs it (lines with their
// products, collections, tags and sibling variants; fulfilment line items; earlier returns), the
// return as processing needs it, and the mutations of Shopify's Returns API. Money-moving mutations
// (returnProcess, storeCreditAccountCredit) carry an @idempotent key built from the case and the step.
// returnProcess is newer than the 2025-01 oracle: https://shopify.dev/docs/api/admin-graphql/2025-07/mutations/returnProcess
import { defineOperation } from "~/platform/shopify-operation";

export interface ReturnUserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}

interface MoneyV2 {
  amount: string;
  currencyCode: string;
}

export interface MoneyInput {
  amount: string;
  currencyCode: string;
}

export interface ShopifyReturnLine {
  id: string;
  quantity: number;
  fulfillmentLineItem?: { id: string; lineItem: { id: string } } | null;
}

export interface ShopifyReturnSummary {
  id: string;
  name: string;
  status: string;
}

export interface OrderForReturnResult {
  order: {
    id: string;
    name: string;
    email: string | null;
    currencyCode: string;
    customerLocale: string | null;
    customer: { id: string } | null;
    shippingAddress: { countryCodeV2: string | null } | null;
    lineItems: {
      nodes: {
        id: string;
        title: string;
        variantTitle: string | null;
        quantity: number;
        refundableQuantity: number;
        originalUnitPriceSet: { shopMoney: MoneyV2 };
        variant: { id: string; image: { url: string } | null } | null;
        product: { id: string; featuredImage: { url: string } | null } | null;
      }[];
    };
    fulfillments: {
      id: string;
      status: string;
      createdAt: string;
      deliveredAt: string | null;
      fulfillmentLineItems: { nodes: { id: string; quantity: number | null; lineItem: { id: string } }[] };
    }[];
  } | null;
  /** The shop's own country: a return shipped from elsewhere counts as international. */
  shop: { billingAddress: { countryCodeV2: string | null } };
}

const RETURN_LINES = `returnLineItems(first: 25) {
        nodes {
          id
          quantity
          ... on ReturnLineItem { fulfillmentLineItem { id lineItem { id } } }
        }
      }`;

// Three reads rather than one: together they would exceed Shopify's single-query cost limit.
export const ReturnOrder = defineOperation<OrderForReturnResult, { id: string }>(
  "ReturnOrder",
  `query ReturnOrder($id: ID!) {
    order(id: $id) {
      id
      name
      email
      currencyCode
      customerLocale
      customer { id }
      shippingAddress { countryCodeV2 }
      lineItems(first: 40) {
        nodes {
          id
          title
          variantTitle
          quantity
          refundableQuantity
          originalUnitPriceSet { shopMoney { amount currencyCode } }
          variant { id image { url } }
          product { id featuredImage { url } }
        }
      }
      fulfillments(first: 5) {
        id
        status
        createdAt
        deliveredAt
        fulfillmentLineItems(first: 25) { nodes { id quantity lineItem { id } } }
      }
    }
    shop { billingAddress { countryCodeV2 } }
  }`,
);

export const ReturnOrderReturns = defineOperation<
  { order: { returns: { nodes: (ShopifyReturnSummary & { returnLineItems: { nodes: ShopifyReturnLine[] } })[] } } | null },
  { id: string }
>(
  "ReturnOrderReturns",
  `query ReturnOrderReturns($id: ID!) {
    order(id: $id) {
      returns(first: 10) {
        nodes {
          id
          name
          status
          ${RETURN_LINES}
        }
      }
    }
  }`,
);

export interface ReturnProductNode {
  id: string;
  tags: string[];
  collections: { nodes: { id: string }[] };
  variants: { nodes: { id: string; title: string; availableForSale: boolean }[] };
}

/** The order's products: collections and tags (the policy's rules) and their variants (exchanges). */
export const ReturnProducts = defineOperation<{ nodes: (ReturnProductNode | Record<string, never> | null)[] }, { ids: string[] }>(
  "ReturnProducts",
  `query ReturnProducts($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        tags
        collections(first: 10) { nodes { id } }
        variants(first: 25) { nodes { id title availableForSale } }
      }
    }
  }`,
);

export interface ReturnForProcessingResult {
  return: {
    id: string;
    name: string;
    status: string;
    /** Where each fulfilment shipped from: received items are restocked there. */
    order: { id: string; fulfillments: { location: { id: string } | null; fulfillmentLineItems: { nodes: { id: string }[] } }[] };
    returnLineItems: { nodes: ShopifyReturnLine[] };
    exchangeLineItems: { nodes: { id: string; lineItem: { id: string } | null }[] };
    reverseFulfillmentOrders: {
      nodes: {
        id: string;
        status: string;
        lineItems: { nodes: { id: string; totalQuantity: number; fulfillmentLineItem: { id: string } | null }[] };
      }[];
    };
  } | null;
}

export const ReturnForProcessing = defineOperation<ReturnForProcessingResult, { id: string }>(
  "ReturnForProcessing",
  `query ReturnForProcessing($id: ID!) {
    return(id: $id) {
      id
      name
      status
      order {
        id
        fulfillments(first: 10) { location { id } fulfillmentLineItems(first: 50) { nodes { id } } }
      }
      ${RETURN_LINES}
      exchangeLineItems(first: 25) { nodes { id lineItem { id } } }
      reverseFulfillmentOrders(first: 2) {
        nodes {
          id
          status
          lineItems(first: 50) { nodes { id totalQuantity fulfillmentLineItem { id } } }
        }
      }
    }
  }`,
);

export interface OrderTransactionNode {
  id: string;
  kind: string;
  status: string;
  amountSet: { shopMoney: MoneyV2 };
  parentTransaction: { id: string } | null;
}

/** The order's payments: a refund to the original payment names the sale it goes back to. */
export const ReturnOrderPayments = defineOperation<{ order: { transactions: OrderTransactionNode[] } | null }, { id: string }>(
  "ReturnOrderPayments",
  `query ReturnOrderPayments($id: ID!) {
    order(id: $id) {
      transactions(first: 50) { id kind status amountSet { shopMoney { amount currencyCode } } parentTransaction { id } }
    }
  }`,
);

type ReturnPayload = {
  return: (ShopifyReturnSummary & { returnLineItems: { nodes: ShopifyReturnLine[] } }) | null;
  userErrors: ReturnUserError[];
};

export const ReturnRequest = defineOperation<
  { returnRequest: ReturnPayload },
  {
    input: {
      orderId: string;
      returnLineItems: { fulfillmentLineItemId: string; quantity: number; returnReason: string; customerNote?: string | null }[];
    };
  }
>(
  "ReturnRequest",
  `mutation ReturnRequest($input: ReturnRequestInput!) {
    returnRequest(input: $input) {
      return { id name status ${RETURN_LINES} }
      userErrors { field message code }
    }
  }`,
);

export const ReturnCreate = defineOperation<
  { returnCreate: ReturnPayload },
  {
    returnInput: {
      orderId: string;
      returnLineItems: {
        fulfillmentLineItemId: string;
        quantity: number;
        returnReason: string;
        returnReasonNote?: string | null;
        restockingFee?: { percentage: number } | null;
      }[];
      exchangeLineItems?: { variantId: string; quantity: number }[];
      returnShippingFee?: { amount: MoneyInput } | null;
      requestedAt?: string | null;
    };
  }
>(
  "ReturnCreate",
  `mutation ReturnCreate($returnInput: ReturnInput!) {
    returnCreate(returnInput: $returnInput) {
      return { id name status ${RETURN_LINES} }
      userErrors { field message code }
    }
  }`,
);

export const ReturnApproveRequest = defineOperation<
  { returnApproveRequest: { return: ShopifyReturnSummary | null; userErrors: ReturnUserError[] } },
  { input: { id: string; notifyCustomer?: boolean } }
>(
  "ReturnApproveRequest",
  `mutation ReturnApproveRequest($input: ReturnApproveRequestInput!) {
    returnApproveRequest(input: $input) {
      return { id name status }
      userErrors { field message code }
    }
  }`,
);

export const ReturnDeclineRequest = defineOperation<
  { returnDeclineRequest: { return: ShopifyReturnSummary | null; userErrors: ReturnUserError[] } },
  { input: { id: string; declineReason: string; declineNote?: string | null; notifyCustomer?: boolean } }
>(
  "ReturnDeclineRequest",
  `mutation ReturnDeclineRequest($input: ReturnDeclineRequestInput!) {
    returnDeclineRequest(input: $input) {
      return { id name status }
      userErrors { field message code }
    }
  }`,
);

export const ReturnLabelCreate = defineOperation<
  { reverseDeliveryCreateWithShipping: { reverseDelivery: { id: string } | null; userErrors: ReturnUserError[] } },
  {
    reverseFulfillmentOrderId: string;
    reverseDeliveryLineItems: { reverseFulfillmentOrderLineItemId: string; quantity: number }[];
    trackingInput?: { number?: string | null; url?: string | null } | null;
    labelInput?: { fileUrl: string } | null;
    notifyCustomer?: boolean;
  }
>(
  "ReturnLabelCreate",
  `mutation ReturnLabelCreate(
    $reverseFulfillmentOrderId: ID!
    $reverseDeliveryLineItems: [ReverseDeliveryLineItemInput!]!
    $trackingInput: ReverseDeliveryTrackingInput
    $labelInput: ReverseDeliveryLabelInput
    $notifyCustomer: Boolean
  ) {
    reverseDeliveryCreateWithShipping(
      reverseFulfillmentOrderId: $reverseFulfillmentOrderId
      reverseDeliveryLineItems: $reverseDeliveryLineItems
      trackingInput: $trackingInput
      labelInput: $labelInput
      notifyCustomer: $notifyCustomer
    ) {
      reverseDelivery { id }
      userErrors { field message code }
    }
  }`,
);

export const ReturnDispose = defineOperation<
  { reverseFulfillmentOrderDispose: { reverseFulfillmentOrderLineItems: { id: string }[] | null; userErrors: ReturnUserError[] } },
  {
    dispositionInputs: {
      reverseFulfillmentOrderLineItemId: string;
      quantity: number;
      dispositionType: string;
      locationId?: string | null;
    }[];
  }
>(
  "ReturnDispose",
  `mutation ReturnDispose($dispositionInputs: [ReverseFulfillmentOrderDisposeInput!]!) {
    reverseFulfillmentOrderDispose(dispositionInputs: $dispositionInputs) {
      reverseFulfillmentOrderLineItems { id }
      userErrors { field message code }
    }
  }`,
);

export interface ReturnProcessInput {
  returnId: string;
  returnLineItems: { id: string; quantity: number }[];
  exchangeLineItems: { id: string; quantity: number }[];
  financialTransfer?: {
    issueRefund: {
      orderTransactions: { parentId: string; transactionAmount: MoneyInput }[];
      refundMethods?: { storeCreditRefund: { amount: MoneyInput } }[];
    };
  } | null;
  notifyCustomer?: boolean;
}

export const ReturnProcess = defineOperation<
  { returnProcess: { return: { id: string; status: string; refunds: { nodes: { id: string }[] } } | null; userErrors: ReturnUserError[] } },
  { input: ReturnProcessInput; key: string }
>(
  "ReturnProcess",
  `mutation ReturnProcess($input: ReturnProcessInput!, $key: String!) {
    returnProcess(input: $input) @idempotent(key: $key) {
      return { id status refunds(first: 10) { nodes { id } } }
      userErrors { field message code }
    }
  }`,
);

export const ReturnStoreCreditBonus = defineOperation<
  {
    storeCreditAccountCredit: {
      storeCreditAccountTransaction: { id: string } | null;
      userErrors: { field: string[] | null; message: string; code: string | null }[];
    };
  },
  { id: string; creditInput: { creditAmount: MoneyInput }; key: string }
>(
  "ReturnStoreCreditBonus",
  `mutation ReturnStoreCreditBonus($id: ID!, $creditInput: StoreCreditAccountCreditInput!, $key: String!) {
    storeCreditAccountCredit(id: $id, creditInput: $creditInput) @idempotent(key: $key) {
      storeCreditAccountTransaction { id }
      userErrors { field message code }
    }
  }`,
);

export const ReturnClose = defineOperation<
  { returnClose: { return: ShopifyReturnSummary | null; userErrors: ReturnUserError[] } },
  { id: string }
>(
  "ReturnClose",
  `mutation ReturnClose($id: ID!) {
    returnClose(id: $id) {
      return { id name status }
      userErrors { field message code }
    }
  }`,
);
