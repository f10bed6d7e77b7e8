// The Admin double's Returns API rules beyond a customer's request: returns an app creates (returnCreate),
// reverse fulfillment orders with their deliveries (labels, tracking) and dispositions (what was received),
// processing (returnProcess: quantities, exchanges, refunds to the payment or to store credit), closing,
// reopening and cancelling, and the idempotency keys (@idempotent) money-moving mutations carry.
// Shapes follow https://shopify.dev/docs/api/admin-graphql/latest/objects/Return and the mutations cited below.
import { fromMinor, toMinor } from "./ids";
import { StoreError, type AdminStore } from "./store";
import { refundableOf } from "./transactions";
import type {
  DispositionType,
  ExchangeLineItemRecord,
  OrderRecord,
  RefundRecord,
  ReturnDetailsRecord,
  ReturnReason,
  ReturnRecord,
  ReverseDeliveryRecord,
  ReverseFulfillmentOrderLineItemRecord,
  ReverseFulfillmentOrderRecord,
  WebhookTopic,
} from "./store-types";

/** What the store lends this module: its clock, ids, change events and tables it keeps indexed. */
export interface ReturnsHost {
  store: AdminStore;
  nowIso(): string;
  /** A new GID of any Shopify type ("gid://shopify/ReverseDelivery/…"). */
  newGid(type: string): string;
  emit(shop: string, topic: WebhookTopic, entity: unknown): void;
  /** Adds a return to the shop's table and its order's index. */
  addReturn(shop: string, record: ReturnRecord): void;
  /** Puts units back in stock (a RESTOCKED disposition). */
  restock(shop: string, variantId: string | null, quantity: number): void;
}

/** returnCreate's input (https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/returnCreate). */
export interface ReturnCreateInit {
  orderId: string;
  returnLineItems: {
    fulfillmentLineItemId: string;
    quantity: number;
    returnReason: ReturnReason;
    returnReasonNote?: string | null;
    /** Percent of the line's value kept by the merchant, 0–100. */
    restockingFee?: { percentage: number } | null;
  }[];
  exchangeLineItems?: { variantId?: string | null; quantity: number }[] | null;
  returnShippingFee?: { amount: { amount: string; currencyCode: string } } | null;
  requestedAt?: string | null;
}

/** returnProcess's input (https://shopify.dev/docs/api/admin-graphql/2025-07/input-objects/ReturnProcessInput). */
export interface ReturnProcessInit {
  returnId: string;
  returnLineItems?: { id: string; quantity: number; dispositions?: DisposeInit[] | null }[] | null;
  exchangeLineItems?: { id: string; quantity: number }[] | null;
  financialTransfer?: {
    issueRefund?: {
      orderTransactions: { parentId: string; transactionAmount: { amount: string; currencyCode: string } }[];
      refundMethods?:
        { storeCreditRefund?: { amount: { amount: string; currencyCode: string }; expiresAt?: string | null } | null }[] | null;
      allowOverRefunding?: boolean | null;
    } | null;
  } | null;
  note?: string | null;
}

/** One reverseFulfillmentOrderDispose entry (ReverseFulfillmentOrderDisposeInput). */
export interface DisposeInit {
  reverseFulfillmentOrderLineItemId: string;
  quantity: number;
  dispositionType: DispositionType;
  locationId?: string | null;
}

export interface ReverseDeliveryInit {
  reverseFulfillmentOrderId: string;
  reverseDeliveryLineItems: { reverseFulfillmentOrderLineItemId: string; quantity: number }[];
  trackingInput?: { number?: string | null; url?: string | null } | null;
  labelInput?: { fileUrl: string } | null;
}

/** A reverse fulfillment order line found by id, with the return and order it belongs to. */
export interface ReverseLineRef {
  ret: ReturnRecord;
  rfo: ReverseFulfillmentOrderRecord;
  line: ReverseFulfillmentOrderLineItemRecord;
}

const invalid = (message: string, field: string[]) => new StoreError("INVALID", message, field);

/** The parts of a return returnCreate and returnProcess add, made empty for a return that has none yet. */
export function returnDetails(record: ReturnRecord): ReturnDetailsRecord {
  record.details ??= { lines: {}, exchangeLineItems: [], shippingFee: null, reverseFulfillmentOrders: [], refundIds: [], closedAt: null };
  for (const line of record.lineItems)
    record.details.lines[line.id] ??= { restockingFeePercentage: null, restockingFeeId: null, processedQuantity: 0, refundedQuantity: 0 };
  return record.details;
}

export class ReturnsDesk {
  /** Idempotency keys seen, per shop and key: the mutation, its arguments and the result it gave. */
  private readonly idempotency = new Map<string, { field: string; fingerprint: string; result: unknown }>();

  constructor(private readonly host: ReturnsHost) {}

  private get store(): AdminStore {
    return this.host.store;
  }

  /** Opens the return's reverse fulfillment order (Shopify creates one when a return becomes OPEN). */
  openReverseFulfillmentOrder(record: ReturnRecord): ReverseFulfillmentOrderRecord {
    const details = returnDetails(record);
    const existing = details.reverseFulfillmentOrders[0];
    if (existing) {
      existing.status = "OPEN";
      return existing;
    }
    const rfo: ReverseFulfillmentOrderRecord = {
      id: this.host.newGid("ReverseFulfillmentOrder"),
      status: "OPEN",
      lineItems: record.lineItems.map((line) => ({
        id: this.host.newGid("ReverseFulfillmentOrderLineItem"),
        returnLineItemId: line.id,
        fulfillmentLineItemId: line.fulfillmentLineItemId,
        totalQuantity: line.quantity,
        dispositions: [],
      })),
      deliveries: [],
    };
    details.reverseFulfillmentOrders.push(rfo);
    return rfo;
  }

  /**
   * returnCreate: a return the merchant or app creates, OPEN at once, announced as returns/approve (the topic
   * Shopify uses when a return becomes OPEN). https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/returnCreate
   */
  createReturn(shop: string, init: ReturnCreateInit): ReturnRecord {
    const data = this.store.shopData(shop);
    const order = data.orders[init.orderId];
    if (!order) throw new StoreError("NOT_FOUND", "Order does not exist", ["returnInput", "orderId"]);
    if (init.returnLineItems.length === 0) throw invalid("Return line items can't be blank", ["returnInput", "returnLineItems"]);
    init.returnLineItems.forEach((line, index) => {
      const field = ["returnInput", "returnLineItems", String(index)];
      this.checkReturnable(shop, order, line.fulfillmentLineItemId, line.quantity, field);
      const fee = line.restockingFee?.percentage;
      if (fee !== undefined && fee !== null && !(fee >= 0 && fee <= 100))
        throw invalid("Restocking fee percentage must be between 0 and 100", [...field, "restockingFee", "percentage"]);
    });
    (init.exchangeLineItems ?? []).forEach((line, index) => {
      const field = ["returnInput", "exchangeLineItems", String(index)];
      if (!line.variantId || !data.variants[line.variantId])
        throw new StoreError("NOT_FOUND", "Product variant does not exist", [...field, "variantId"]);
      if (!Number.isInteger(line.quantity) || line.quantity < 1) throw invalid("Quantity must be greater than 0", [...field, "quantity"]);
    });
    const fee = init.returnShippingFee?.amount;
    if (fee && (toMinor(fee.amount) < 0 || fee.currencyCode !== order.currency))
      throw invalid("Return shipping fee must be a positive amount in the order's currency", [
        "returnInput",
        "returnShippingFee",
        "amount",
      ]);
    const at = init.requestedAt ?? this.host.nowIso();
    const record: ReturnRecord = {
      id: this.host.newGid("Return"),
      orderId: order.id,
      name: `${order.name}-R${this.store.returnsOf(shop, order.id).length + 1}`,
      status: "OPEN",
      lineItems: init.returnLineItems.map((line) => ({
        id: this.host.newGid("ReturnLineItem"),
        fulfillmentLineItemId: line.fulfillmentLineItemId,
        quantity: line.quantity,
        returnReason: line.returnReason,
        returnReasonNote: line.returnReasonNote ?? "",
        customerNote: null,
      })),
      decline: null,
      createdAt: at,
      updatedAt: at,
    };
    const details = returnDetails(record);
    record.lineItems.forEach((line, index) => {
      const percentage = init.returnLineItems[index].restockingFee?.percentage ?? null;
      details.lines[line.id].restockingFeePercentage = percentage;
      details.lines[line.id].restockingFeeId = percentage === null ? null : this.host.newGid("RestockingFee");
    });
    details.exchangeLineItems = (init.exchangeLineItems ?? []).map((line): ExchangeLineItemRecord => ({
      id: this.host.newGid("ExchangeLineItem"),
      variantId: line.variantId!,
      quantity: line.quantity,
      processedQuantity: 0,
      lineItemId: null,
    }));
    details.shippingFee = fee ? { id: this.host.newGid("ReturnShippingFee"), amount: fromMinor(toMinor(fee.amount)) } : null;
    this.openReverseFulfillmentOrder(record);
    this.host.addReturn(shop, record);
    order.updatedAt = record.updatedAt;
    this.host.emit(shop, "returns/approve", record);
    return record;
  }

  private checkReturnable(shop: string, order: OrderRecord, fulfillmentLineItemId: string, quantity: number, field: string[]): void {
    const exists = this.store.fulfillmentsOf(shop, order.id).some((f) => f.lineItems.some((l) => l.id === fulfillmentLineItemId));
    if (!exists)
      throw new StoreError("NOT_FOUND", "Fulfillment line item does not exist on this order", [...field, "fulfillmentLineItemId"]);
    const available = this.store.returnableQuantity(shop, order.id, fulfillmentLineItemId);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > available)
      throw invalid(`Quantity must be between 1 and ${available}`, [...field, "quantity"]);
  }

  /** The reverse fulfillment order with this id, and its return. */
  reverseFulfillmentOrder(shop: string, id: string): { ret: ReturnRecord; rfo: ReverseFulfillmentOrderRecord } | null {
    for (const ret of Object.values(this.store.shopData(shop).returns)) {
      const rfo = ret.details?.reverseFulfillmentOrders.find((r) => r.id === id);
      if (rfo) return { ret, rfo };
    }
    return null;
  }

  reverseLine(shop: string, id: string): ReverseLineRef | null {
    for (const ret of Object.values(this.store.shopData(shop).returns))
      for (const rfo of ret.details?.reverseFulfillmentOrders ?? []) {
        const line = rfo.lineItems.find((l) => l.id === id);
        if (line) return { ret, rfo, line };
      }
    return null;
  }

  /**
   * reverseDeliveryCreateWithShipping: a label and/or tracking for the items coming back; fires
   * reverse_deliveries/attach_deliverable. https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/reverseDeliveryCreateWithShipping
   */
  createReverseDelivery(
    shop: string,
    init: ReverseDeliveryInit,
  ): { ret: ReturnRecord; rfo: ReverseFulfillmentOrderRecord; delivery: ReverseDeliveryRecord } {
    const found = this.reverseFulfillmentOrder(shop, init.reverseFulfillmentOrderId);
    if (!found) throw new StoreError("NOT_FOUND", "Reverse fulfillment order does not exist", ["reverseFulfillmentOrderId"]);
    const { ret, rfo } = found;
    if (rfo.status !== "OPEN")
      throw new StoreError("INVALID_STATE", "Reverse fulfillment order is not open", ["reverseFulfillmentOrderId"]);
    const requested = init.reverseDeliveryLineItems.length
      ? init.reverseDeliveryLineItems
      : rfo.lineItems.map((l) => ({ reverseFulfillmentOrderLineItemId: l.id, quantity: l.totalQuantity }));
    requested.forEach((line, index) => {
      const field = ["reverseDeliveryLineItems", String(index)];
      const rfoLine = rfo.lineItems.find((l) => l.id === line.reverseFulfillmentOrderLineItemId);
      if (!rfoLine)
        throw new StoreError("NOT_FOUND", "Reverse fulfillment order line item does not exist", [
          ...field,
          "reverseFulfillmentOrderLineItemId",
        ]);
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > rfoLine.totalQuantity)
        throw invalid(`Quantity must be between 1 and ${rfoLine.totalQuantity}`, [...field, "quantity"]);
    });
    const url = init.labelInput?.fileUrl;
    if (url !== undefined && !/^https?:\/\//.test(url)) throw invalid("Label file URL must be an http(s) URL", ["labelInput", "fileUrl"]);
    const at = this.host.nowIso();
    const tracking = init.trackingInput;
    const delivery: ReverseDeliveryRecord = {
      id: this.host.newGid("ReverseDelivery"),
      lineItems: requested.map((line) => ({
        id: this.host.newGid("ReverseDeliveryLineItem"),
        reverseFulfillmentOrderLineItemId: line.reverseFulfillmentOrderLineItemId,
        quantity: line.quantity,
      })),
      tracking:
        tracking && (tracking.number || tracking.url)
          ? { number: tracking.number ?? null, url: tracking.url ?? null, carrierName: null }
          : null,
      label: url ? { fileUrl: url, createdAt: at, updatedAt: at } : null,
      createdAt: at,
    };
    rfo.deliveries.push(delivery);
    ret.updatedAt = at;
    if (delivery.tracking || delivery.label) this.host.emit(shop, "reverse_deliveries/attach_deliverable", { ret, delivery });
    return { ret, rfo, delivery };
  }

  /**
   * reverseFulfillmentOrderDispose: what happened to received units; RESTOCKED ones go back in stock.
   * All entries are checked before any is applied. https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/reverseFulfillmentOrderDispose
   */
  dispose(shop: string, inputs: DisposeInit[], field: string[] = ["dispositionInputs"]): ReverseLineRef[] {
    const refs = inputs.map((input, index) => {
      const at = [...field, String(index)];
      const ref = this.reverseLine(shop, input.reverseFulfillmentOrderLineItemId);
      if (!ref)
        throw new StoreError("NOT_FOUND", "Reverse fulfillment order line item does not exist", [
          ...at,
          "reverseFulfillmentOrderLineItemId",
        ]);
      if (ref.rfo.status !== "OPEN")
        throw new StoreError("INVALID_STATE", "Reverse fulfillment order is not open", [...at, "reverseFulfillmentOrderLineItemId"]);
      // "This is required when the disposition type is RESTOCKED." (ReverseFulfillmentOrderDisposeInput.locationId)
      if (input.dispositionType === "RESTOCKED" && !input.locationId)
        throw invalid("Location is required when the disposition type is RESTOCKED", [...at, "locationId"]);
      if (input.locationId && !this.store.locationsOf(shop).some((l) => l.id === input.locationId))
        throw new StoreError("NOT_FOUND", "Location does not exist", [...at, "locationId"]);
      return ref;
    });
    const pending = new Map<string, number>();
    inputs.forEach((input, index) => {
      const line = refs[index].line;
      const left = line.totalQuantity - disposedQuantity(line) - (pending.get(line.id) ?? 0);
      if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > left)
        throw invalid(`Quantity must be between 1 and ${left}`, [...field, String(index), "quantity"]);
      pending.set(line.id, (pending.get(line.id) ?? 0) + input.quantity);
    });
    inputs.forEach((input, index) => {
      const { ret, line } = refs[index];
      line.dispositions.push({
        id: this.host.newGid("ReverseFulfillmentOrderDisposition"),
        type: input.dispositionType,
        quantity: input.quantity,
        locationId: input.locationId ?? null,
      });
      if (input.dispositionType === "RESTOCKED") {
        const order = this.store.order(shop, ret.orderId);
        const fli = this.store
          .fulfillmentsOf(shop, order.id)
          .flatMap((f) => f.lineItems)
          .find((l) => l.id === line.fulfillmentLineItemId);
        const li = order.lineItems.find((l) => l.id === fli?.lineItemId);
        this.host.restock(shop, li?.variantId ?? null, input.quantity);
      }
      ret.updatedAt = this.host.nowIso();
    });
    return [...new Map(refs.map((r) => [r.line.id, r])).values()];
  }

  /** Units of a return line item returnProcess may still confirm. */
  unprocessedQuantity(record: ReturnRecord, returnLineItemId: string): number {
    const line = record.lineItems.find((l) => l.id === returnLineItemId);
    return line ? line.quantity - returnDetails(record).lines[line.id].processedQuantity : 0;
  }

  /** Most that can still go back to the customer: paid total less refunds to the payment and to store credit. */
  refundableMinor(shop: string, order: OrderRecord): number {
    const refunded = this.store
      .refundsOf(shop, order.id)
      .reduce((sum, r) => sum + toMinor(r.amount) + toMinor(r.storeCredit?.amount ?? "0"), 0);
    return this.store.totalMinor(order) - refunded;
  }

  /**
   * returnProcess (2025-07+): confirms returned and exchanged quantities, records dispositions and optionally
   * refunds (to the original payment, and/or to store credit through refundMethods), firing refunds/create.
   * Everything is checked before anything changes. https://shopify.dev/docs/api/admin-graphql/latest/mutations/returnProcess
   */
  processReturn(shop: string, init: ReturnProcessInit): { record: ReturnRecord; refund: RefundRecord | null } {
    const record = this.store.shopData(shop).returns[init.returnId];
    if (!record) throw new StoreError("NOT_FOUND", "Return does not exist", ["input", "returnId"]);
    if (record.status !== "OPEN")
      throw new StoreError("INVALID_STATE", `Return is ${record.status.toLowerCase()}, not open`, ["input", "returnId"]);
    const details = returnDetails(record);
    const order = this.store.order(shop, record.orderId);
    const lines = init.returnLineItems ?? [];
    const exchanges = init.exchangeLineItems ?? [];
    if (lines.length === 0 && exchanges.length === 0)
      throw invalid("Return line items or exchange line items must be given", ["input", "returnLineItems"]);
    lines.forEach((line, index) => {
      const field = ["input", "returnLineItems", String(index)];
      if (!record.lineItems.some((l) => l.id === line.id))
        throw new StoreError("NOT_FOUND", "Return line item does not exist on this return", [...field, "id"]);
      const left = this.unprocessedQuantity(record, line.id);
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > left)
        throw invalid(`Quantity must be between 1 and ${left}, the quantity left to process`, [...field, "quantity"]);
    });
    exchanges.forEach((line, index) => {
      const field = ["input", "exchangeLineItems", String(index)];
      const exchange = details.exchangeLineItems.find((e) => e.id === line.id);
      if (!exchange) throw new StoreError("NOT_FOUND", "Exchange line item does not exist on this return", [...field, "id"]);
      const left = exchange.quantity - exchange.processedQuantity;
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > left)
        throw invalid(`Quantity must be between 1 and ${left}, the quantity left to process`, [...field, "quantity"]);
    });
    const issue = init.financialTransfer?.issueRefund ?? null;
    const toPaymentMinor = (issue?.orderTransactions ?? []).reduce((sum, t) => sum + toMinor(t.transactionAmount.amount), 0);
    const credits = (issue?.refundMethods ?? []).flatMap((m) => (m.storeCreditRefund ? [m.storeCreditRefund] : []));
    const toCreditMinor = credits.reduce((sum, c) => sum + toMinor(c.amount.amount), 0);
    if (issue) {
      const transfer = ["input", "financialTransfer", "issueRefund"];
      const currencies = [
        ...issue.orderTransactions.map((t) => t.transactionAmount.currencyCode),
        ...credits.map((c) => c.amount.currencyCode),
      ];
      if (currencies.some((c) => c !== order.currency))
        throw invalid(`Amounts must be in the order's currency (${order.currency})`, transfer);
      if (toPaymentMinor < 0 || toCreditMinor < 0) throw invalid("Refund amounts must not be negative", transfer);
      if (order.customerId === null && toCreditMinor > 0)
        throw invalid("Store credit can only be issued to an order's customer", [...transfer, "refundMethods"]);
      const refundable = this.refundableMinor(shop, order);
      // Store credit may never exceed what was paid; allowOverRefunding only lifts the limit for the original payment.
      if (toCreditMinor > refundable)
        throw invalid(`Store credit refund of ${fromMinor(toCreditMinor)} exceeds the refundable amount of ${fromMinor(refundable)}`, [
          ...transfer,
          "refundMethods",
        ]);
      if (!issue.allowOverRefunding && toPaymentMinor + toCreditMinor > refundable)
        throw invalid(`Refund of ${fromMinor(toPaymentMinor + toCreditMinor)} exceeds the refundable amount of ${fromMinor(refundable)}`, [
          ...transfer,
          "orderTransactions",
        ]);
      this.checkParentTransactions(shop, order, issue, transfer);
    }
    const dispositions = lines.flatMap((line) => line.dispositions ?? []);
    if (dispositions.length > 0) this.dispose(shop, dispositions, ["input", "returnLineItems", "dispositions"]);
    for (const line of lines) details.lines[line.id].processedQuantity += line.quantity;
    for (const line of exchanges) {
      const exchange = details.exchangeLineItems.find((e) => e.id === line.id)!;
      exchange.processedQuantity += line.quantity;
      exchange.lineItemId ??= this.host.newGid("LineItem");
    }
    let refund: RefundRecord | null = null;
    if (issue && (toPaymentMinor > 0 || toCreditMinor > 0 || lines.length > 0)) {
      refund = this.refundReturn(shop, record, order, lines, toPaymentMinor, credits, init.note ?? null);
    }
    record.updatedAt = this.host.nowIso();
    return { record, refund };
  }

  /**
   * Each refund to the original payment names its parent: a SALE or CAPTURE of this order, of which no more
   * than what is left may go back (unless over-refunding is allowed, as for the order's total).
   */
  private checkParentTransactions(
    shop: string,
    order: OrderRecord,
    issue: NonNullable<NonNullable<ReturnProcessInit["financialTransfer"]>["issueRefund"]>,
    transfer: string[],
  ): void {
    const transactions = this.store.transactionsOf(shop, order.id);
    const wanted = new Map<string, { minor: number; index: number }>();
    issue.orderTransactions.forEach((t, index) => {
      const parent = transactions.find((x) => x.id === t.parentId && (x.kind === "SALE" || x.kind === "CAPTURE"));
      if (!parent)
        throw new StoreError("NOT_FOUND", "Parent transaction does not exist on this order", [
          ...transfer,
          "orderTransactions",
          String(index),
          "parentId",
        ]);
      const seen = wanted.get(parent.id);
      wanted.set(parent.id, { minor: (seen?.minor ?? 0) + toMinor(t.transactionAmount.amount), index: seen?.index ?? index });
    });
    if (issue.allowOverRefunding) return;
    for (const [parentId, { minor, index }] of wanted) {
      const left = refundableOf(transactions, parentId);
      if (minor > left)
        throw invalid(`Refund of ${fromMinor(minor)} exceeds the ${fromMinor(left)} left to refund on the transaction`, [
          ...transfer,
          "orderTransactions",
          String(index),
          "transactionAmount",
        ]);
    }
  }

  private refundReturn(
    shop: string,
    record: ReturnRecord,
    order: OrderRecord,
    lines: NonNullable<ReturnProcessInit["returnLineItems"]>,
    toPaymentMinor: number,
    credits: { amount: { amount: string; currencyCode: string }; expiresAt?: string | null }[],
    note: string | null,
  ): RefundRecord {
    const details = returnDetails(record);
    const flis = this.store.fulfillmentsOf(shop, order.id).flatMap((f) => f.lineItems);
    const rfo = details.reverseFulfillmentOrders[0];
    const refundLines = lines.map((line) => {
      const returnLine = record.lineItems.find((l) => l.id === line.id)!;
      const fli = flis.find((f) => f.id === returnLine.fulfillmentLineItemId)!;
      const restocked = (rfo?.lineItems.find((l) => l.returnLineItemId === line.id)?.dispositions ?? []).some(
        (d) => d.type === "RESTOCKED",
      );
      return {
        lineItemId: fli.lineItemId,
        quantity: line.quantity,
        restockType: restocked ? ("return" as const) : ("no_restock" as const),
      };
    });
    let storeCredit: RefundRecord["storeCredit"] = null;
    const creditMinor = credits.reduce((sum, c) => sum + toMinor(c.amount.amount), 0);
    if (creditMinor > 0) {
      const { transaction } = this.store.creditStoreCredit(shop, order.customerId!, {
        amount: fromMinor(creditMinor),
        currency: order.currency,
        expiresAt: credits.find((c) => c.expiresAt)?.expiresAt ?? null,
      });
      storeCredit = {
        transactionId: transaction.id,
        orderTransactionId: this.host.newGid("OrderTransaction"),
        amount: fromMinor(creditMinor),
      };
    }
    // Restocking already happened through the dispositions, so the refund itself must not restock again.
    const refund = this.store.refund(shop, order.id, {
      lineItems: refundLines,
      note,
      returnId: record.id,
      amount: fromMinor(toPaymentMinor),
      storeCredit,
      alreadyRestocked: true,
    });
    for (const line of lines) details.lines[line.id].refundedQuantity += line.quantity;
    details.refundIds.push(refund.id);
    return refund;
  }

  /** returnClose: an OPEN return is done; fires returns/close. https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/returnClose */
  closeReturn(shop: string, id: string): ReturnRecord {
    const record = this.transition(shop, id, ["OPEN"], "CLOSED");
    returnDetails(record).closedAt = record.updatedAt;
    for (const rfo of returnDetails(record).reverseFulfillmentOrders) rfo.status = "CLOSED";
    this.host.emit(shop, "returns/close", record);
    return record;
  }

  /** returnReopen: a CLOSED return is OPEN again; fires returns/reopen. https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/returnReopen */
  reopenReturn(shop: string, id: string): ReturnRecord {
    const record = this.transition(shop, id, ["CLOSED"], "OPEN");
    returnDetails(record).closedAt = null;
    this.openReverseFulfillmentOrder(record);
    this.host.emit(shop, "returns/reopen", record);
    return record;
  }

  /**
   * returnCancel: only an OPEN return nothing has happened to yet (no units received or processed, nothing
   * refunded); its items are returnable again. Fires returns/cancel.
   * https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/returnCancel
   */
  cancelReturn(shop: string, id: string): ReturnRecord {
    const record = this.store.shopData(shop).returns[id];
    if (!record) throw new StoreError("NOT_FOUND", "Return does not exist", ["id"]);
    const details = returnDetails(record);
    const touched =
      Object.values(details.lines).some((l) => l.processedQuantity > 0) ||
      details.exchangeLineItems.some((e) => e.processedQuantity > 0) ||
      details.reverseFulfillmentOrders.some((r) => r.lineItems.some((l) => l.dispositions.length > 0)) ||
      details.refundIds.length > 0;
    if (record.status === "OPEN" && touched)
      throw new StoreError("INVALID_STATE", "Return can't be canceled because it has been processed", ["id"]);
    this.transition(shop, id, ["OPEN"], "CANCELED");
    for (const rfo of details.reverseFulfillmentOrders) rfo.status = "CANCELED";
    this.host.emit(shop, "returns/cancel", record);
    return record;
  }

  private transition(shop: string, id: string, from: ReturnRecord["status"][], to: ReturnRecord["status"]): ReturnRecord {
    const record = this.store.shopData(shop).returns[id];
    if (!record) throw new StoreError("NOT_FOUND", "Return does not exist", ["id"]);
    if (!from.includes(record.status))
      throw new StoreError(
        "INVALID_STATE",
        `Return is ${record.status.toLowerCase()}; only ${from.map((s) => s.toLowerCase()).join(" or ")} returns can become ${to.toLowerCase()}`,
        ["id"],
      );
    record.status = to;
    record.updatedAt = this.host.nowIso();
    return record;
  }

  /**
   * Runs a mutation under an @idempotent key (https://shopify.dev/docs/api/usage/idempotent-requests): the same
   * key again returns the first result without running it; the same key with other arguments is refused.
   */
  idempotent<T>(shop: string, key: string, field: string, args: unknown, run: () => T): T {
    const fingerprint = JSON.stringify(args);
    const slot = `${shop}\u0000${key}`;
    const seen = this.idempotency.get(slot);
    if (seen) {
      if (seen.field !== field || seen.fingerprint !== fingerprint) throw new IdempotencyMismatchError();
      return seen.result as T;
    }
    const result = run();
    this.idempotency.set(slot, { field, fingerprint, result });
    return result;
  }
}

/** The same idempotency key sent with another mutation or other arguments. */
export class IdempotencyMismatchError extends Error {
  readonly code = "IDEMPOTENCY_KEY_PARAMETER_MISMATCH";
  constructor() {
    super("The same idempotency key cannot be used with different operation parameters.");
    this.name = "IdempotencyMismatchError";
  }
}

function disposedQuantity(line: ReverseFulfillmentOrderLineItemRecord): number {
  return line.dispositions.reduce((sum, d) => sum + d.quantity, 0);
}
