// An order's payment transactions as the Admin double shows them (Order.transactions): the payment taken
// (a SALE, or an AUTHORIZATION and its CAPTURE) and one REFUND per refund, whose parent is that payment.
// They are worked out from the order and its refunds, so seeded, imported and history orders have them too.
// Shapes: https://shopify.dev/docs/api/admin-graphql/2025-01/objects/OrderTransaction
import { fromMinor, gid, numericIdOf, toMinor } from "./ids";
import type { Iso, OrderRecord, RefundRecord } from "./store-types";

export type TransactionKind = "SALE" | "CAPTURE" | "AUTHORIZATION" | "REFUND";

export interface OrderTransactionView {
  id: string;
  orderId: string;
  kind: TransactionKind;
  status: "SUCCESS";
  /** "manual" like the double's refund webhooks; "shopify_store_credit" for a refund to store credit. */
  gateway: string;
  amount: string;
  currency: string;
  parentId: string | null;
  processedAt: Iso;
  createdAt: Iso;
}

const PAID = new Set<OrderRecord["financialStatus"]>(["paid", "partially_refunded", "refunded"]);

function transactionGid(numeric: string): string {
  return gid("OrderTransaction", numeric);
}

/**
 * The payment that took the order's money, or null while nothing was taken (pending, authorized, voided).
 * An order paid at checkout has a SALE numbered like the order (ids never repeat across types in the double);
 * one paid later (markPaid) has the SALE or CAPTURE recorded then.
 */
export function paymentTransaction(order: OrderRecord, totalMinor: number): OrderTransactionView | null {
  if (!PAID.has(order.financialStatus)) return null;
  const later = order.payment ?? null;
  const at = later?.at ?? order.processedAt;
  return {
    id: later ? transactionGid(later.transactionId) : transactionGid(numericIdOf(order.id)),
    orderId: order.id,
    kind: later?.kind ?? "SALE",
    status: "SUCCESS",
    gateway: "manual",
    amount: fromMinor(totalMinor),
    currency: order.currency,
    parentId: later?.kind === "CAPTURE" ? authorization(order).id : null,
    processedAt: at,
    createdAt: at,
  };
}

function authorization(order: OrderRecord): OrderTransactionView {
  return {
    id: transactionGid(numericIdOf(order.id)),
    orderId: order.id,
    kind: "AUTHORIZATION",
    status: "SUCCESS",
    gateway: "manual",
    amount: "0.00",
    currency: order.currency,
    parentId: null,
    processedAt: order.processedAt,
    createdAt: order.processedAt,
  };
}

/** Every transaction of the order, oldest first. */
export function orderTransactions(order: OrderRecord, totalMinor: number, refunds: RefundRecord[]): OrderTransactionView[] {
  const payment = paymentTransaction(order, totalMinor);
  const authorized = order.financialStatus === "authorized" || payment?.kind === "CAPTURE";
  const out: OrderTransactionView[] = [];
  if (authorized) out.push({ ...authorization(order), amount: fromMinor(totalMinor) });
  if (payment) out.push(payment);
  for (const refund of refunds) {
    if (toMinor(refund.amount) > 0)
      out.push(refundTransaction(order, refund, transactionGid(refund.transactionId), refund.amount, "manual", payment?.id ?? null));
    if (refund.storeCredit)
      out.push(
        refundTransaction(order, refund, refund.storeCredit.orderTransactionId, refund.storeCredit.amount, "shopify_store_credit", null),
      );
  }
  return out;
}

function refundTransaction(
  order: OrderRecord,
  refund: RefundRecord,
  id: string,
  amount: string,
  gateway: string,
  parentId: string | null,
): OrderTransactionView {
  return {
    id,
    orderId: order.id,
    kind: "REFUND",
    status: "SUCCESS",
    gateway,
    amount,
    currency: order.currency,
    parentId,
    processedAt: refund.createdAt,
    createdAt: refund.createdAt,
  };
}

/** What is left to refund of a payment transaction: its amount less the refunds already made against it. */
export function refundableOf(transactions: OrderTransactionView[], paymentId: string): number {
  const payment = transactions.find((t) => t.id === paymentId);
  if (!payment) return 0;
  const refunded = transactions.filter((t) => t.kind === "REFUND" && t.parentId === paymentId).reduce((s, t) => s + toMinor(t.amount), 0);
  return toMinor(payment.amount) - refunded;
}
