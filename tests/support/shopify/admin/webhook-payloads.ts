// Builds REST-shaped webhook bodies (as Shopify sends them for API 2025-01 and later) from the double's records.
// Numeric ids are BigInt so serializePayload can print them exactly; JSON.parse would round them.
import { fromMinor, numericIdOf, shopLocalTime, toMinor } from "./ids";
import type { AdminStore } from "./store";
import type {
  AddressRecord,
  BulkOperationRecord,
  CustomerRecord,
  FulfillmentEventRecord,
  FulfillmentRecord,
  LineItemRecord,
  OrderRecord,
  RefundRecord,
  ReturnRecord,
  ReverseDeliveryRecord,
  ShopRecord,
  WebhookTopic,
} from "./store-types";

type Json = Record<string, unknown>;

const big = (id: string): bigint => BigInt(id.startsWith("gid://") ? numericIdOf(id) : id);

const BIGINT_MARK = "\u0000bigint:";

/** JSON text with BigInt values written as bare integers (exact, like Shopify's 64-bit ids). */
export function serializePayload(payload: unknown): string {
  const text = JSON.stringify(payload, (_key, value: unknown) => (typeof value === "bigint" ? `${BIGINT_MARK}${value.toString()}` : value));
  return text.replace(/"\\u0000bigint:(-?\d+)"/g, "$1");
}

function moneySet(amount: string, currency: string): Json {
  const money = { amount, currency_code: currency };
  return { presentment_money: { ...money }, shop_money: { ...money } };
}

class PayloadBuilder {
  constructor(
    private readonly store: AdminStore,
    private readonly shop: ShopRecord,
  ) {}

  time(iso: string): string;
  time(iso: string | null): string | null;
  time(iso: string | null): string | null {
    return iso === null ? null : shopLocalTime(iso, this.shop.ianaTimezone);
  }

  address(address: AddressRecord | null): Json | null {
    if (!address) return null;
    const name = [address.firstName, address.lastName].filter(Boolean).join(" ");
    return {
      address1: address.address1,
      address2: null,
      city: address.city,
      company: null,
      country: address.country,
      country_code: address.countryCode,
      first_name: address.firstName,
      last_name: address.lastName,
      latitude: null,
      longitude: null,
      name,
      phone: address.phone,
      province: null,
      province_code: null,
      zip: address.zip,
    };
  }

  customerAddress(customer: CustomerRecord): Json | null {
    const address = customer.address;
    if (!address) return null;
    return {
      address1: address.address1,
      address2: null,
      city: address.city,
      company: null,
      country: address.country,
      country_code: address.countryCode,
      country_name: address.country,
      customer_id: big(customer.id),
      default: true,
      first_name: address.firstName,
      id: big(address.id),
      last_name: address.lastName,
      name: [address.firstName, address.lastName].filter(Boolean).join(" "),
      phone: address.phone,
      province: null,
      province_code: null,
      zip: address.zip,
    };
  }

  customer(customer: CustomerRecord): Json {
    return {
      addresses: customer.address ? [this.customerAddress(customer)] : [],
      admin_graphql_api_id: customer.id,
      created_at: this.time(customer.createdAt),
      currency: this.shop.currencyCode,
      default_address: this.customerAddress(customer),
      email: customer.email,
      // No email_marketing_consent: since 2025-01 consent travels only in customers_email_marketing_consent/update
      // (https://shopify.dev/changelog/new-customer-s-webhook-and-changes-to-existing-customer-s-webhooks-payload).
      first_name: customer.firstName,
      id: big(customer.id),
      last_name: customer.lastName,
      multipass_identifier: null,
      note: customer.note,
      phone: customer.phone,
      state: "enabled",
      tax_exempt: false,
      tax_exemptions: [],
      updated_at: this.time(customer.updatedAt),
      verified_email: true,
    };
  }

  /**
   * customers_email_marketing_consent/update: `{ customer_id, email_address, email_marketing_consent: { state,
   * opt_in_level, consent_updated_at } }`, the topic's example in Shopify's webhook reference
   * (https://shopify.dev/docs/api/admin-rest/2023-07/resources/webhook#event-topics-customers-marketing-consent-update).
   * Since 2025-01 this topic, not customers/update, is where Shopify sends consent changes:
   * https://shopify.dev/changelog/new-customer-s-webhook-and-changes-to-existing-customer-s-webhooks-payload
   */
  emailMarketingConsent(customer: CustomerRecord): Json {
    return {
      customer_id: big(customer.id),
      email_address: customer.email,
      email_marketing_consent: {
        state: customer.marketingState.toLowerCase(),
        opt_in_level: customer.marketingOptInLevel?.toLowerCase() ?? null,
        consent_updated_at: this.time(customer.consentUpdatedAt),
      },
    };
  }

  /** An order's embedded customer: the customer payload without its address list. */
  orderCustomer(customer: CustomerRecord): Json {
    const { addresses: _addresses, ...rest } = this.customer(customer);
    return rest;
  }

  /** What the order's discount applications took off one line item (`lineItemId`) or off its shipping line (null). */
  discountAllocations(order: OrderRecord, lineItemId: string | null): Json[] {
    return order.discountApplications.flatMap((application, index) =>
      application.allocations
        .filter((a) => a.lineItemId === lineItemId)
        .map((a) => ({ amount: a.amount, amount_set: moneySet(a.amount, order.currency), discount_application_index: index })),
    );
  }

  /** The line-item shape shared by fulfillment and refund payloads. */
  lineItem(order: OrderRecord, li: LineItemRecord): Json {
    const fulfilled = this.store.fulfilledQuantity(this.shop.domain, li.id, order.id);
    const refunded = this.store.refundedQuantity(this.shop.domain, li.id, order.id);
    const fulfillable = Math.max(0, li.quantity - fulfilled - refunded);
    return {
      admin_graphql_api_id: li.id,
      discount_allocations: this.discountAllocations(order, li.id),
      duties: [],
      fulfillable_quantity: order.cancelledAt ? 0 : fulfillable,
      fulfillment_service: "manual",
      fulfillment_status: fulfilled === 0 ? null : fulfilled >= li.quantity - refunded ? "fulfilled" : "partial",
      gift_card: false,
      grams: li.grams,
      id: big(li.id),
      name: li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title,
      price: li.price,
      price_set: moneySet(li.price, order.currency),
      product_exists: li.productId !== null,
      product_id: li.productId ? big(li.productId) : null,
      properties: [],
      quantity: li.quantity,
      requires_shipping: true,
      sku: li.sku,
      tax_lines: [],
      taxable: true,
      title: li.title,
      total_discount: "0.00",
      total_discount_set: moneySet("0.00", order.currency),
      variant_id: li.variantId ? big(li.variantId) : null,
      variant_inventory_management: "shopify",
      variant_title: li.variantTitle,
      vendor: li.vendor,
    };
  }

  orderLineItem(order: OrderRecord, li: LineItemRecord): Json {
    const refunded = this.store.refundedQuantity(this.shop.domain, li.id, order.id);
    return {
      ...this.lineItem(order, li),
      attributed_staffs: [],
      current_quantity: li.quantity - refunded,
      sales_line_item_group_id: null,
    };
  }

  order(order: OrderRecord): Json {
    const domain = this.shop.domain;
    const currency = order.currency;
    const subtotal = this.store.subtotalMinor(order);
    const discount = toMinor(order.discountAmount);
    const shipping = toMinor(order.shippingPrice);
    const shippingDiscount = toMinor(order.shippingDiscountAmount);
    const total = this.store.totalMinor(order);
    const refunds = this.store.refundsOf(domain, order.id);
    const refundedMinor = refunds.reduce((s, r) => s + toMinor(r.amount), 0);
    const refundedItemsMinor = refunds.flatMap((r) => r.lineItems).reduce((s, l) => s + toMinor(l.subtotal), 0);
    const customer = order.customerId ? this.store.customer(domain, order.customerId) : null;
    const unpaid = order.financialStatus === "pending" || order.financialStatus === "authorized";
    const shopNumericId = numericIdOf(this.shop.id);
    const money = (minor: number) => fromMinor(minor);
    const fulfillmentStatus = this.store.fulfillmentStatus(domain, order);
    return {
      admin_graphql_api_id: order.id,
      app_id: null,
      billing_address: this.address(order.shippingAddress),
      browser_ip: null,
      buyer_accepts_marketing: order.buyerAcceptsMarketing,
      cancel_reason: order.cancelReason,
      cancelled_at: this.time(order.cancelledAt),
      cart_token: null,
      checkout_id: null,
      checkout_token: null,
      client_details: null,
      closed_at: this.time(order.closedAt),
      confirmation_number: null,
      confirmed: true,
      contact_email: order.email,
      created_at: this.time(order.createdAt),
      currency,
      current_shipping_price_set: moneySet(money(shipping - shippingDiscount), currency),
      current_subtotal_price: money(subtotal - discount - refundedItemsMinor),
      current_subtotal_price_set: moneySet(money(subtotal - discount - refundedItemsMinor), currency),
      current_total_additional_fees_set: null,
      current_total_discounts: money(discount + shippingDiscount),
      current_total_discounts_set: moneySet(money(discount + shippingDiscount), currency),
      current_total_duties_set: null,
      current_total_price: money(total - refundedMinor),
      current_total_price_set: moneySet(money(total - refundedMinor), currency),
      current_total_tax: "0.00",
      current_total_tax_set: moneySet("0.00", currency),
      customer: customer ? this.orderCustomer(customer) : null,
      customer_locale: order.customerLocale,
      device_id: null,
      discount_applications: order.discountApplications.map((a) => ({
        allocation_method: a.allocationMethod,
        code: a.code,
        target_selection: a.targetSelection,
        target_type: a.targetType,
        type: "discount_code",
        value: a.value,
        value_type: a.valueType,
      })),
      discount_codes: order.discountApplications.map((a) => ({ amount: a.amount, code: a.code, type: a.type })),
      duties_included: false,
      email: order.email,
      estimated_taxes: false,
      financial_status: order.financialStatus,
      fulfillment_status: fulfillmentStatus,
      fulfillments: this.store.fulfillmentsOf(domain, order.id).map((f) => this.fulfillment(f)),
      id: big(order.id),
      landing_site: null,
      landing_site_ref: null,
      line_items: order.lineItems.map((li) => this.orderLineItem(order, li)),
      location_id: null,
      merchant_business_entity_id: Buffer.from(shopNumericId).toString("base64").replace(/=+$/, ""),
      merchant_of_record_app_id: null,
      name: order.name,
      note: order.note,
      note_attributes: [],
      number: order.number - 1000,
      order_number: order.number,
      order_status_url: `https://${domain}/${shopNumericId}/orders/${order.token}/authenticate?key=${order.token.slice(0, 16)}`,
      original_total_additional_fees_set: null,
      original_total_duties_set: null,
      payment_gateway_names: ["manual"],
      payment_terms: null,
      phone: null,
      po_number: null,
      presentment_currency: currency,
      processed_at: this.time(order.processedAt),
      reference: null,
      referring_site: null,
      refunds: refunds.map((r) => this.refund(r)),
      returns: [],
      shipping_address: this.address(order.shippingAddress),
      shipping_lines: [
        {
          carrier_identifier: null,
          code: "Standard",
          current_discounted_price_set: moneySet(money(shipping - shippingDiscount), currency),
          discount_allocations: this.discountAllocations(order, null),
          discounted_price: money(shipping - shippingDiscount),
          discounted_price_set: moneySet(money(shipping - shippingDiscount), currency),
          id: big(order.shippingLineId),
          is_removed: false,
          phone: null,
          price: money(shipping),
          price_set: moneySet(money(shipping), currency),
          requested_fulfillment_service_id: null,
          source: "shopify",
          tax_lines: [],
          title: "Standard",
        },
      ],
      source_identifier: null,
      source_name: "web",
      source_url: null,
      subtotal_price: money(subtotal - discount),
      subtotal_price_set: moneySet(money(subtotal - discount), currency),
      tags: order.tags.join(", "),
      tax_exempt: false,
      tax_lines: [],
      taxes_included: true,
      test: false,
      token: order.token,
      total_cash_rounding_payment_adjustment_set: moneySet("0.00", currency),
      total_cash_rounding_refund_adjustment_set: moneySet("0.00", currency),
      total_discounts: money(discount + shippingDiscount),
      total_discounts_set: moneySet(money(discount + shippingDiscount), currency),
      total_line_items_price: money(subtotal),
      total_line_items_price_set: moneySet(money(subtotal), currency),
      total_outstanding: unpaid ? money(total) : "0.00",
      total_price: money(total),
      total_price_set: moneySet(money(total), currency),
      total_shipping_price_set: moneySet(money(shipping), currency),
      total_tax: "0.00",
      total_tax_set: moneySet("0.00", currency),
      total_tip_received: "0.00",
      total_weight: order.lineItems.reduce((s, li) => s + li.grams * li.quantity, 0),
      updated_at: this.time(order.updatedAt),
      user_id: null,
    };
  }

  fulfillment(fulfillment: FulfillmentRecord): Json {
    const order = this.store.order(this.shop.domain, fulfillment.orderId);
    const tracking = fulfillment.tracking;
    return {
      admin_graphql_api_id: fulfillment.id,
      created_at: this.time(fulfillment.createdAt),
      destination: this.address(order.shippingAddress),
      email: order.email,
      id: big(fulfillment.id),
      line_items: fulfillment.lineItems.map((fli) => {
        const li = order.lineItems.find((l) => l.id === fli.lineItemId)!;
        return { ...this.lineItem(order, li), quantity: fli.quantity };
      }),
      location_id: null,
      name: fulfillment.name,
      order_id: big(order.id),
      origin_address: null,
      receipt: {},
      service: "manual",
      shipment_status: fulfillment.shipmentStatus,
      status: fulfillment.status,
      tracking_company: tracking?.company ?? null,
      tracking_number: tracking?.number ?? null,
      tracking_numbers: tracking?.number ? [tracking.number] : [],
      tracking_url: tracking?.url ?? null,
      tracking_urls: tracking?.url ? [tracking.url] : [],
      updated_at: this.time(fulfillment.updatedAt),
    };
  }

  fulfillmentEvent(fulfillment: FulfillmentRecord, event: FulfillmentEventRecord): Json {
    return {
      address1: null,
      admin_graphql_api_id: event.id,
      city: null,
      country: this.shop.country,
      created_at: this.time(event.createdAt),
      estimated_delivery_at: this.time(event.estimatedDeliveryAt),
      fulfillment_id: big(fulfillment.id),
      happened_at: this.time(event.happenedAt),
      id: big(event.id),
      latitude: null,
      longitude: null,
      message: event.message,
      order_id: big(fulfillment.orderId),
      province: null,
      shop_id: big(this.shop.id),
      status: event.status,
      updated_at: this.time(event.createdAt),
      zip: null,
    };
  }

  refund(refund: RefundRecord): Json {
    const order = this.store.order(this.shop.domain, refund.orderId);
    const currency = order.currency;
    return {
      admin_graphql_api_id: refund.id,
      created_at: this.time(refund.createdAt),
      duties: [],
      id: big(refund.id),
      note: refund.note,
      order_adjustments: [],
      order_id: big(order.id),
      processed_at: this.time(refund.createdAt),
      refund_line_items: refund.lineItems.map((line) => {
        const li = order.lineItems.find((l) => l.id === line.lineItemId)!;
        return {
          id: big(line.id),
          line_item: this.lineItem(order, li),
          line_item_id: big(li.id),
          location_id: null,
          quantity: line.quantity,
          restock_type: line.restockType,
          subtotal: Number(line.subtotal),
          subtotal_set: moneySet(line.subtotal, currency),
          total_tax: 0,
          total_tax_set: moneySet("0.00", currency),
        };
      }),
      refund_shipping_lines: [],
      restock: refund.restock,
      return: refund.returnId ? { admin_graphql_api_id: refund.returnId, id: big(refund.returnId) } : null,
      total_duties_set: moneySet("0.00", currency),
      transactions: [
        // A refund entirely to store credit has no transaction on the original payment.
        ...(toMinor(refund.amount) > 0 || !refund.storeCredit
          ? [this.refundTransaction(refund, order, { id: big(refund.transactionId), amount: refund.amount, gateway: "manual" })]
          : []),
        ...(refund.storeCredit
          ? [
              this.refundTransaction(refund, order, {
                id: big(refund.storeCredit.orderTransactionId),
                amount: refund.storeCredit.amount,
                gateway: "shopify_store_credit",
              }),
            ]
          : []),
      ],
      user_id: big(this.shop.id),
    };
  }

  /** One refund transaction: to the original (manual) payment, or to store credit (gateway shopify_store_credit). */
  refundTransaction(
    refund: RefundRecord,
    order: OrderRecord,
    money: { id: bigint; amount: string; gateway: "manual" | "shopify_store_credit" },
  ): Json {
    const currency = order.currency;
    return {
      admin_graphql_api_id: `gid://shopify/OrderTransaction/${money.id}`,
      amount: money.amount,
      amount_rounding: null,
      authorization: null,
      created_at: this.time(refund.createdAt),
      currency,
      device_id: null,
      error_code: null,
      gateway: money.gateway,
      id: money.id,
      kind: "refund",
      location_id: null,
      manual_payment_gateway: money.gateway === "manual",
      message: money.gateway === "manual" ? "Refunded" : "Refunded to store credit",
      order_id: big(order.id),
      parent_id: null,
      payment_id: `${order.name}.${money.id.toString().slice(-4)}`,
      processed_at: this.time(refund.createdAt),
      receipt: {},
      source_name: "web",
      status: "success",
      test: false,
      total_unsettled_set: {
        presentment_money: { amount: "0.0", currency },
        shop_money: { amount: "0.0", currency },
      },
      user_id: null,
    };
  }

  returnRequested(record: ReturnRecord): Json {
    const fulfillmentLineItems = this.store.fulfillmentsOf(this.shop.domain, record.orderId).flatMap((f) => f.lineItems);
    const currency = this.store.order(this.shop.domain, record.orderId).currency;
    const exchanges = record.details?.exchangeLineItems ?? [];
    const fee = record.details?.shippingFee ?? null;
    return {
      admin_graphql_api_id: record.id,
      exchange_line_items: exchanges.map((e) => ({
        admin_graphql_api_id: e.id,
        id: big(e.id),
        line_item: e.lineItemId ? { admin_graphql_api_id: e.lineItemId, id: big(e.lineItemId) } : null,
      })),
      id: big(record.id),
      name: record.name,
      order: { admin_graphql_api_id: record.orderId, id: big(record.orderId) },
      return_line_items: record.lineItems.map((line) => {
        const fli = fulfillmentLineItems.find((f) => f.id === line.fulfillmentLineItemId)!;
        return {
          admin_graphql_api_id: line.id,
          customer_note: line.customerNote,
          fulfillment_line_item: {
            admin_graphql_api_id: fli.id,
            id: big(fli.id),
            line_item: { admin_graphql_api_id: fli.lineItemId, id: big(fli.lineItemId) },
          },
          id: big(line.id),
          quantity: line.quantity,
          return_reason: line.returnReason.toLowerCase(),
          return_reason_note: line.returnReasonNote,
        };
      }),
      return_shipping_fees: fee ? [{ admin_graphql_api_id: fee.id, id: big(fee.id), price: moneySet(fee.amount, currency) }] : [],
      status: record.status.toLowerCase(),
      total_exchange_line_items: exchanges.reduce((s, e) => s + e.quantity, 0),
      total_return_line_items: record.lineItems.reduce((s, l) => s + l.quantity, 0),
    };
  }

  returnDeclined(record: ReturnRecord): Json {
    return {
      admin_graphql_api_id: record.id,
      decline: { note: record.decline?.note ?? null, reason: record.decline?.reason.toLowerCase() ?? "other" },
      id: big(record.id),
      status: record.status.toLowerCase(),
    };
  }

  /** returns/close, returns/reopen and returns/cancel: the return, its order and its new status. */
  returnStatusChanged(record: ReturnRecord): Json {
    return { admin_graphql_api_id: record.id, id: big(record.id), order_id: big(record.orderId), status: record.status.toLowerCase() };
  }

  /** reverse_deliveries/attach_deliverable: the delivery's label and tracking, and its return. */
  reverseDeliveryAttached(record: ReturnRecord, delivery: ReverseDeliveryRecord): Json {
    return {
      admin_graphql_api_id: delivery.id,
      id: big(delivery.id),
      return: { admin_graphql_api_id: record.id, id: big(record.id) },
      shipping_deliverable: {
        label: {
          created_at: delivery.label ? this.time(delivery.label.createdAt) : null,
          public_file_url: delivery.label?.fileUrl ?? null,
        },
        tracking: {
          carrier_name: delivery.tracking?.carrierName ?? null,
          tracking_number: delivery.tracking?.number ?? null,
          tracking_url: delivery.tracking?.url ?? null,
        },
      },
    };
  }

  /** bulk_operations/finish: a flat summary; the app fetches the result through the API. */
  bulkOperationFinished(operation: BulkOperationRecord): Json {
    return {
      admin_graphql_api_id: operation.id,
      completed_at: this.time(operation.completedAt),
      created_at: this.time(operation.createdAt),
      error_code: operation.errorCode?.toLowerCase() ?? null,
      status: operation.status.toLowerCase(),
      type: operation.type.toLowerCase(),
    };
  }

  shopPayload(): Json {
    const shop = this.shop;
    const symbol = shop.currencyCode === "PLN" ? "{{amount_with_comma_separator}} zł" : "{{amount}}";
    return {
      address1: "ul. Prosta 1",
      address2: null,
      auto_configure_tax_inclusivity: null,
      checkout_api_supported: true,
      city: "Warszawa",
      country: shop.country,
      country_code: shop.country,
      country_name: shop.country === "PL" ? "Poland" : shop.country,
      county_taxes: null,
      created_at: null,
      currency: shop.currencyCode,
      customer_email: shop.email,
      domain: new URL(shop.primaryDomainUrl).host,
      eligible_for_payments: true,
      email: shop.email,
      enabled_presentment_currencies: [shop.currencyCode],
      finances: true,
      google_apps_domain: null,
      google_apps_login_enabled: null,
      has_discounts: Object.keys(this.store.shopData(shop.domain).discounts).length > 0,
      has_gift_cards: false,
      has_storefront: true,
      iana_timezone: shop.ianaTimezone,
      id: big(shop.id),
      latitude: null,
      longitude: null,
      marketing_sms_consent_enabled_at_checkout: false,
      money_format: symbol,
      money_in_emails_format: symbol,
      money_with_currency_format: `${symbol} ${shop.currencyCode}`,
      money_with_currency_in_emails_format: `${symbol} ${shop.currencyCode}`,
      multi_location_enabled: true,
      myshopify_domain: shop.domain,
      name: shop.name,
      password_enabled: false,
      phone: "+48 22 000 00 00",
      plan_display_name: "Basic",
      plan_name: "basic",
      pre_launch_enabled: false,
      primary_locale: shop.locale,
      primary_location_id: big(shop.id) + 1n,
      province: "Mazowieckie",
      province_code: "MZ",
      requires_extra_payments_agreement: false,
      setup_required: false,
      shop_owner: shop.name,
      source: null,
      tax_shipping: null,
      taxes_included: true,
      timezone: `(GMT${shopLocalTime(new Date(this.store.now()).toISOString(), shop.ianaTimezone).slice(19)}) ${shop.ianaTimezone}`,
      transactional_sms_disabled: false,
      updated_at: null,
      weight_unit: "kg",
      zip: "00-001",
    };
  }
}

/**
 * The body Shopify would POST for `topic` about `entity` (the record a store mutation produced; for
 * fulfillment_events/create a `{ fulfillment, event }` pair; for app/uninstalled the shop record; for
 * bulk_operations/finish the operation record).
 */
export function buildWebhookPayload(store: AdminStore, shop: string, topic: WebhookTopic, entity: unknown): Json {
  const builder = new PayloadBuilder(store, store.shopData(shop).shop);
  switch (topic) {
    case "orders/create":
    case "orders/paid":
    case "orders/updated":
    case "orders/cancelled":
      return builder.order(entity as OrderRecord);
    case "fulfillments/create":
    case "fulfillments/update":
      return builder.fulfillment(entity as FulfillmentRecord);
    case "fulfillment_events/create": {
      const { fulfillment, event } = entity as { fulfillment: FulfillmentRecord; event: FulfillmentEventRecord };
      return builder.fulfillmentEvent(fulfillment, event);
    }
    case "refunds/create":
      return builder.refund(entity as RefundRecord);
    case "returns/request":
    case "returns/approve":
      return builder.returnRequested(entity as ReturnRecord);
    case "returns/decline":
      return builder.returnDeclined(entity as ReturnRecord);
    case "returns/close":
    case "returns/reopen":
    case "returns/cancel":
      return builder.returnStatusChanged(entity as ReturnRecord);
    case "reverse_deliveries/attach_deliverable": {
      const { ret, delivery } = entity as { ret: ReturnRecord; delivery: ReverseDeliveryRecord };
      return builder.reverseDeliveryAttached(ret, delivery);
    }
    case "customers/create":
    case "customers/update":
      return builder.customer(entity as CustomerRecord);
    case "customers_email_marketing_consent/update":
      return builder.emailMarketingConsent(entity as CustomerRecord);
    case "app/uninstalled":
      return builder.shopPayload();
    case "bulk_operations/finish":
      return builder.bulkOperationFinished(entity as BulkOperationRecord);
  }
}
