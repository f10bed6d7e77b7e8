// The returns policy engine: which lines of an order can be returned and until when, whether a
// return request is accepted (every refused item with its reasons, never a silent drop), what it is
// worth for each resolution, and whether it is approved at once or waits for the merchant — with a
// trace of every rule considered. Pure: the clock is the `now` argument.
import { termsFor, type LineTerms } from "./policy-rules";
import {
  POLICY_RULES,
  RESOLUTIONS,
  type AmountLine,
  type ItemRefusal,
  type NotReturnableCode,
  type OrderForReturn,
  type OrderLineForReturn,
  type PolicyRuleCode,
  type RefusalCode,
  type Resolution,
  type ResolutionQuote,
  type ReturnAmounts,
  type ReturnDecision,
  type ReturnPolicy,
  type ReturnRequestInput,
  type ReturnRequestItem,
  type ReturnableLine,
  type TraceEntry,
  type TraceValue,
} from "./policy-types";
import { isPast, windowFor, type WindowStart } from "./policy-window";

export * from "./policy-types";
export { DEFAULT_RETURN_REASONS, defaultReturnPolicy, policyFieldErrors, RETURN_WINDOW_PRESETS, returnPolicySchema } from "./policy-schema";

const DAY_MS = 86_400_000;
const SERIAL_RETURNER_DAYS = 365;

/** value × percent / 100, rounded half up to a whole minor unit (percent has at most two decimals). */
export function percentOf(valueMinor: number, percent: number): number {
  const basisPoints = Math.round(percent * 100);
  return Math.floor((valueMinor * basisPoints + 5_000) / 10_000);
}

export function resolutionEnabled(policy: ReturnPolicy, resolution: Resolution): boolean {
  if (resolution === "refund") return policy.resolutions.refund.enabled;
  if (resolution === "store_credit") return policy.resolutions.storeCredit.enabled;
  return policy.resolutions.exchange.enabled;
}

interface LineState {
  line: OrderLineForReturn;
  terms: LineTerms;
  /** Units fulfilled and not refunded, less those already in a return. */
  remaining: number;
  window: WindowStart | undefined;
  notReturnable: NotReturnableCode | null;
}

function lineState(policy: ReturnPolicy, order: OrderForReturn, line: OrderLineForReturn, now: Date): LineState {
  const terms = termsFor(policy, line);
  // Refunded units come off what was ordered; only fulfilled units can come back.
  const keptFulfilled = Math.min(line.fulfilledQuantity, line.quantity - line.refundedQuantity);
  const remaining = Math.max(0, keptFulfilled - line.returnedQuantity);
  const window =
    line.fulfilledQuantity > 0 ? windowFor(line, terms.windowDays.value, policy.transitBufferDays, order.shopTimeZone) : undefined;
  let notReturnable: NotReturnableCode | null = null;
  if (terms.finalSale.value) notReturnable = "final_sale";
  else if (!window) notReturnable = "not_fulfilled";
  else if (remaining === 0) notReturnable = "already_returned";
  else if (isPast(window.deadline, now)) notReturnable = "out_of_window";
  return { line, terms, remaining, window, notReturnable };
}

function hasOtherAvailableVariant(line: OrderLineForReturn): boolean {
  return line.variants.some((v) => v.available && v.variantGid !== line.variantGid);
}

function allowedResolutions(policy: ReturnPolicy, state: LineState): Resolution[] {
  return RESOLUTIONS.filter((r) => {
    if (!resolutionEnabled(policy, r)) return false;
    if (r === "refund" && state.terms.exchangeOrCreditOnly.value) return false;
    if (r === "exchange" && !hasOtherAvailableVariant(state.line)) return false;
    return true;
  });
}

/** Each line of the order: how many units can still be returned, until when, and why not. */
export function returnableItems(policy: ReturnPolicy, order: OrderForReturn, now: Date): ReturnableLine[] {
  return order.lines.map((line) => {
    const state = lineState(policy, order, line, now);
    return {
      lineItemGid: line.lineItemGid,
      returnableQuantity: state.notReturnable ? 0 : state.remaining,
      deadline: state.window?.deadline ?? null,
      windowFrom: state.window?.windowFrom ?? null,
      notReturnable: state.notReturnable,
      allowedResolutions: state.notReturnable ? [] : allowedResolutions(policy, state),
    };
  });
}

type ItemRule = Extract<
  PolicyRuleCode,
  "fulfilment" | "final_sale" | "quantity" | "window" | "reason" | "photo" | "resolution" | "exchange_variant"
>;

interface ItemCheck {
  index: number;
  item: ReturnRequestItem;
  state: LineState | null;
  codes: RefusalCode[];
}

interface Assessment {
  checks: ItemCheck[];
  itemTrace: Map<ItemRule, NonNullable<TraceEntry["items"]>>;
}

/**
 * Every item against the item rules. `variantCheck` "chosen" judges the exchange variant the
 * shopper picked; "any" (for quotes, before they pick) only asks that some other variant is available.
 */
function assess(
  policy: ReturnPolicy,
  request: ReturnRequestInput,
  resolution: Resolution,
  now: Date,
  variantCheck: "chosen" | "any",
): Assessment {
  const states = new Map<string, LineState>();
  for (const line of request.order.lines) states.set(line.lineItemGid, lineState(policy, request.order, line, now));
  const reasons = new Map(policy.reasons.map((r) => [r.code, r]));
  const used = new Map<string, number>();
  const itemTrace = new Map<ItemRule, NonNullable<TraceEntry["items"]>>(
    (["fulfilment", "final_sale", "quantity", "window", "reason", "photo", "resolution", "exchange_variant"] as const).map((r) => [r, []]),
  );
  const note = (rule: ItemRule, lineItemGid: string, fired: boolean, values: Record<string, TraceValue>) =>
    itemTrace.get(rule)!.push({ lineItemGid, fired, values });

  const checks = request.items.map((item, index): ItemCheck => {
    const codes: RefusalCode[] = [];
    const state = states.get(item.lineItemGid) ?? null;
    const validQuantity = Number.isInteger(item.quantity) && item.quantity >= 1;
    if (!state) {
      note("quantity", item.lineItemGid, true, { known: false, requested: item.quantity, returnable: 0 });
      return { index, item, state, codes: ["unknown_item"] };
    }
    const { line, terms, window } = state;

    const finalSale = terms.finalSale.value;
    note("final_sale", line.lineItemGid, finalSale, { finalSale, ruleId: terms.finalSale.ruleId });
    if (finalSale) codes.push("final_sale");

    note("fulfilment", line.lineItemGid, !window, { fulfilledQuantity: line.fulfilledQuantity, fulfilledAt: line.fulfilledAt });
    if (!window) codes.push("not_fulfilled");

    const available = state.remaining - (used.get(line.lineItemGid) ?? 0);
    let quantityCode: RefusalCode | null = null;
    if (!validQuantity) quantityCode = "quantity_invalid";
    else if (window && state.remaining === 0) quantityCode = "already_returned";
    else if (window && item.quantity > available) quantityCode = "quantity_too_high";
    note("quantity", line.lineItemGid, quantityCode !== null, {
      known: true,
      requested: item.quantity,
      returnable: Math.max(0, available),
      returnedQuantity: line.returnedQuantity,
      refundedQuantity: line.refundedQuantity,
    });
    if (quantityCode) codes.push(quantityCode);
    if (validQuantity) used.set(line.lineItemGid, (used.get(line.lineItemGid) ?? 0) + item.quantity);

    const outOfWindow = window ? isPast(window.deadline, now) : false;
    note("window", line.lineItemGid, outOfWindow, {
      deadline: window?.deadline ?? null,
      windowFrom: window?.windowFrom ?? null,
      windowDays: terms.windowDays.value,
      transitBufferDays: window?.windowFrom === "fulfilment" ? policy.transitBufferDays : 0,
      ruleId: terms.windowDays.ruleId,
    });
    if (outOfWindow) codes.push("out_of_window");

    const reason = reasons.get(item.reasonCode);
    note("reason", line.lineItemGid, !reason, { reasonCode: item.reasonCode, shopifyReason: reason?.shopifyReason ?? null });
    if (!reason) codes.push("unknown_reason");

    const photoMissing = !!reason?.requiresPhoto && !(item.photoCount >= 1);
    note("photo", line.lineItemGid, photoMissing, { requiresPhoto: !!reason?.requiresPhoto, photoCount: item.photoCount });
    if (photoMissing) codes.push("photo_required");

    const enabled = resolutionEnabled(policy, resolution);
    const onlyExchangeOrCredit = terms.exchangeOrCreditOnly.value;
    const resolutionRefused = !enabled || (resolution === "refund" && onlyExchangeOrCredit);
    note("resolution", line.lineItemGid, resolutionRefused, {
      resolution,
      resolutionEnabled: enabled,
      exchangeOrCreditOnly: onlyExchangeOrCredit,
      ruleId: terms.exchangeOrCreditOnly.ruleId,
    });
    if (resolutionRefused) codes.push("resolution_not_allowed");

    if (resolution === "exchange") {
      const wanted = item.exchangeVariantGid ?? null;
      const variant = line.variants.find((v) => v.variantGid === wanted);
      const variantValid =
        variantCheck === "any" ? hasOtherAvailableVariant(line) : !!variant && variant.available && wanted !== line.variantGid;
      note("exchange_variant", line.lineItemGid, !variantValid, {
        exchangeVariantGid: variantCheck === "chosen" ? wanted : null,
        available: variant?.available ?? false,
      });
      if (!variantValid) codes.push("exchange_variant_invalid");
    }
    return { index, item, state, codes };
  });
  return { checks, itemTrace };
}

function amountsFor(policy: ReturnPolicy, currency: string, resolution: Resolution, checks: ItemCheck[]) {
  const lines: AmountLine[] = checks
    .filter((c) => c.codes.length === 0 && c.state)
    .map((c) => ({
      lineItemGid: c.item.lineItemGid,
      quantity: c.item.quantity,
      valueMinor: c.state!.line.unitPriceMinor * c.item.quantity,
      restockingFeePercent: c.state!.terms.restockingFeePercent.value,
    }));
  const itemsValueMinor = lines.reduce((s, l) => s + l.valueMinor, 0);

  const feeWaived = resolution !== "refund" && policy.waiveRestockingFeeForCreditOrExchange;
  // One rounding for the whole fee, not one per line, so splitting a line never changes it.
  const feeBasisPoints = lines.reduce((s, l) => s + l.valueMinor * Math.round(l.restockingFeePercent * 100), 0);
  const restockingFeeMinor = feeWaived ? 0 : Math.floor((feeBasisPoints + 5_000) / 10_000);

  const shipping = policy.returnShipping;
  const shippingWaived = resolution === "exchange" && shipping.waiveForExchange;
  const returnShippingFeeMinor = lines.length && shipping.payer === "customer" && !shippingWaived ? shipping.feeMinor : 0;

  const bonusPercent =
    resolution === "store_credit"
      ? policy.resolutions.storeCredit.bonusPercent
      : resolution === "exchange"
        ? policy.resolutions.exchange.bonusPercent
        : 0;
  const bonusMinor = percentOf(itemsValueMinor, bonusPercent);
  const amounts: ReturnAmounts = {
    currency,
    resolution,
    itemsValueMinor,
    restockingFeeMinor,
    returnShippingFeeMinor,
    bonusMinor,
    totalMinor: Math.max(0, itemsValueMinor - restockingFeeMinor - returnShippingFeeMinor + bonusMinor),
    lines,
  };
  const feeTrace: TraceEntry[] = [
    {
      rule: "restocking_fee",
      fired: restockingFeeMinor > 0,
      because: feeWaived ? "waived_for_credit_or_exchange" : restockingFeeMinor > 0 ? "charged" : "none",
      values: { feeMinor: restockingFeeMinor, policyPercent: policy.restockingFeePercent, waived: feeWaived },
      items: lines.map((l) => ({
        lineItemGid: l.lineItemGid,
        fired: !feeWaived && l.restockingFeePercent > 0,
        values: { percent: l.restockingFeePercent, valueMinor: l.valueMinor },
      })),
    },
    {
      rule: "return_shipping_fee",
      fired: returnShippingFeeMinor > 0,
      because:
        shipping.payer === "merchant"
          ? "merchant_pays"
          : shippingWaived
            ? "waived_for_exchange"
            : returnShippingFeeMinor > 0
              ? "charged"
              : "none",
      values: { payer: shipping.payer, feeMinor: returnShippingFeeMinor, policyFeeMinor: shipping.feeMinor, waived: shippingWaived },
    },
    {
      rule: "bonus",
      fired: bonusMinor > 0,
      because: bonusMinor > 0 ? "given" : resolution === "refund" ? "refund_has_no_bonus" : "none",
      values: { percent: bonusPercent, bonusMinor },
    },
  ];
  return { amounts, feeTrace };
}

function approvalTrace(policy: ReturnPolicy, request: ReturnRequestInput, valueMinor: number, refused: boolean, now: Date) {
  const { order, customer } = request;
  const shipTo = order.shippingCountryCode?.toUpperCase() ?? null;
  const shop = order.shopCountryCode.toUpperCase();
  const international = shipTo !== null && shipTo !== shop;
  const reviewInternational = policy.review.international && international;

  const over = policy.review.valueOverMinor;
  const reviewValue = over !== null && valueMinor > over;

  const since = now.getTime() - SERIAL_RETURNER_DAYS * DAY_MS;
  const recentReturns = customer.previousReturnsAt.filter((at) => {
    const t = Date.parse(at);
    return t > since && t <= now.getTime();
  }).length;
  const serialMin = policy.review.serialReturnerMinReturns;
  const reviewSerial = serialMin !== null && recentReturns >= serialMin;

  const auto = policy.autoApproval;
  const underLimit = auto.maxValueMinor === null || valueMinor < auto.maxValueMinor;
  const outsideReasons = request.items.map((i) => i.reasonCode).filter((c) => auto.reasonCodes.length > 0 && !auto.reasonCodes.includes(c));
  const customerOk = !auto.requireUnflaggedCustomer || !customer.flagged;
  const reviewRequired = reviewInternational || reviewValue || reviewSerial;
  const autoApproved = auto.enabled && !refused && !reviewRequired && underLimit && outsideReasons.length === 0 && customerOk;

  const trace: TraceEntry[] = [
    {
      rule: "review_international",
      fired: reviewInternational,
      because: !policy.review.international
        ? "disabled"
        : shipTo === null
          ? "no_shipping_country"
          : international
            ? "international"
            : "domestic",
      values: { shippingCountryCode: shipTo, shopCountryCode: shop },
    },
    {
      rule: "review_value",
      fired: reviewValue,
      because: over === null ? "disabled" : reviewValue ? "over_threshold" : "within_threshold",
      values: { valueMinor, thresholdMinor: over },
    },
    {
      rule: "review_serial_returner",
      fired: reviewSerial,
      because: serialMin === null ? "disabled" : reviewSerial ? "serial_returner" : "below_threshold",
      values: { returnsLast365Days: recentReturns, threshold: serialMin },
    },
    {
      rule: "auto_value",
      fired: underLimit,
      because: auto.maxValueMinor === null ? "no_limit" : underLimit ? "under_limit" : "at_or_over_limit",
      values: { valueMinor, limitMinor: auto.maxValueMinor },
    },
    {
      rule: "auto_reason",
      fired: outsideReasons.length === 0,
      because: auto.reasonCodes.length === 0 ? "any_reason" : outsideReasons.length === 0 ? "reasons_listed" : "reason_not_listed",
      values: { allowed: [...auto.reasonCodes], notListed: outsideReasons },
    },
    {
      rule: "auto_customer",
      fired: customerOk,
      because: !auto.requireUnflaggedCustomer ? "not_required" : customer.flagged ? "customer_flagged" : "customer_not_flagged",
      values: { flagged: customer.flagged },
    },
    {
      rule: "auto_approval",
      fired: autoApproved,
      because: !auto.enabled
        ? "disabled"
        : refused
          ? "refused"
          : reviewRequired
            ? "review_required"
            : autoApproved
              ? "all_conditions_met"
              : "condition_not_met",
      values: { enabled: auto.enabled },
    },
  ];
  return { trace, autoApproved };
}

function itemTraceEntries(itemTrace: Assessment["itemTrace"]): TraceEntry[] {
  return [...itemTrace].map(([rule, items]) => {
    const fired = items.some((i) => i.fired);
    return { rule, fired, because: fired ? "refused" : items.length ? "passed" : "not_applicable", values: {}, items };
  });
}

function ordered(entries: TraceEntry[]): TraceEntry[] {
  return [...entries].sort((a, b) => POLICY_RULES.indexOf(a.rule) - POLICY_RULES.indexOf(b.rule));
}

/**
 * The decision on a return request: refused (with every reason of every refused item) or accepted,
 * approved at once or left for the merchant; the amounts for the chosen resolution (refused items
 * left out); and the trace of every rule. A request must name at least one item.
 */
export function evaluateReturn(policy: ReturnPolicy, request: ReturnRequestInput, now: Date): ReturnDecision {
  if (!request.items.length) throw new RangeError("A return request needs at least one item.");
  const { checks, itemTrace } = assess(policy, request, request.resolution, now, "chosen");
  const { amounts, feeTrace } = amountsFor(policy, request.order.currency, request.resolution, checks);
  const refusals: ItemRefusal[] = checks
    .filter((c) => c.codes.length)
    .map((c) => ({ index: c.index, lineItemGid: c.item.lineItemGid, codes: c.codes }));
  const { trace: approval, autoApproved } = approvalTrace(policy, request, amounts.itemsValueMinor, refusals.length > 0, now);
  const trace = ordered([...itemTraceEntries(itemTrace), ...feeTrace, ...approval]);
  if (refusals.length) return { outcome: "refused", refusals, approval: null, amounts, trace };
  return { outcome: "accepted", refusals: [], approval: autoApproved ? "auto" : "review", amounts, trace };
}

/**
 * The amounts of the request under every resolution the policy offers, side by side, before the
 * shopper picks one (and before they pick an exchange variant). Items refused whatever the
 * resolution are left out of every quote; a resolution some item may not take is marked unavailable.
 */
export function quoteResolutions(policy: ReturnPolicy, request: Omit<ReturnRequestInput, "resolution">, now: Date): ResolutionQuote[] {
  return RESOLUTIONS.filter((r) => resolutionEnabled(policy, r)).map((resolution) => {
    const { checks } = assess(policy, { ...request, resolution }, resolution, now, "any");
    const { amounts } = amountsFor(policy, request.order.currency, resolution, checks);
    const unavailableFor = checks
      .filter((c) => c.codes.includes("resolution_not_allowed") || c.codes.includes("exchange_variant_invalid"))
      .map((c) => c.item.lineItemGid);
    return { resolution, available: unavailableFor.length === 0, unavailableFor, amounts };
  });
}
