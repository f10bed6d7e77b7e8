// A return's status emails, read from the returns capability's events: which flow each `return.*`
// event starts (one flow per step), the message key (one email per return and step), and the
// events' detail read defensively — a field that is missing or malformed is left out of the email,
// never guessed. Pure.
import type { Flow } from "./types";

export type ReturnFlow = Extract<
  Flow,
  | "return_requested"
  | "return_approved"
  | "return_declined"
  | "return_label_added"
  | "return_received"
  | "return_processed"
  | "return_closed"
>;

export type ReturnStep = "requested" | "approved" | "declined" | "label_added" | "received" | "processed" | "closed";

export const RETURN_FLOW: Record<ReturnStep, ReturnFlow> = {
  requested: "return_requested",
  approved: "return_approved",
  declined: "return_declined",
  label_added: "return_label_added",
  received: "return_received",
  processed: "return_processed",
  closed: "return_closed",
};

/** The event types that send a return's emails, e.g. `return.label_added`. */
export const RETURN_UPDATE_EVENTS = Object.keys(RETURN_FLOW).map((step) => `return.${step}`);

export function isReturnFlow(flow: string): flow is ReturnFlow {
  return (Object.values(RETURN_FLOW) as string[]).includes(flow);
}

export function stepOf(flow: ReturnFlow): ReturnStep {
  return flow.slice("return_".length) as ReturnStep;
}

/** The flow an event starts, or null for a return event that sends no email (cancelled, reopened) or any other event. */
export function returnFlowOf(eventType: string): ReturnFlow | null {
  const step = eventType.startsWith("return.") ? eventType.slice("return.".length) : null;
  return step && step in RETURN_FLOW ? RETURN_FLOW[step as ReturnStep] : null;
}

export function returnEventOf(flow: ReturnFlow): string {
  return `return.${stepOf(flow)}`;
}

/**
 * Which return an update is about: Shopify's return, or, while Shopify does not know the request yet,
 * the returns capability's case (the convention of its event keys).
 */
export function returnIdOf(u: Pick<ReturnUpdate, "returnGid" | "caseId">): string {
  return u.returnGid ?? `return-case:${u.caseId}`;
}

/** Unique per return and step: the same step reported twice (the app's action and Shopify's webhook) plans one email. */
export function returnMessageKey(flow: ReturnFlow, returnId: string): string {
  return `${flow}:${returnId}`;
}

/** The return a message is about (see returnIdOf), from its key. */
export function returnIdOfKey(flow: ReturnFlow, key: string): string | null {
  const prefix = `${flow}:`;
  return key.startsWith(prefix) && key.length > prefix.length ? key.slice(prefix.length) : null;
}

/**
 * The updates about the return `returnId` names: those naming it, and those naming the same
 * Shopify return or the same case as one of them (a request recorded before Shopify knew the return
 * is the same return as the approval that names both).
 */
export function ofReturn<T extends { u: ReturnUpdate }>(events: T[], returnId: string): T[] {
  let found = events.filter((e) => returnIdOf(e.u) === returnId || e.u.returnGid === returnId);
  // Each pass adds the events linked through a return or case named so far (a case → its return → its other events).
  for (;;) {
    const gids = new Set(found.flatMap((e) => (e.u.returnGid ? [e.u.returnGid] : [])));
    const cases = new Set(found.flatMap((e) => (e.u.caseId ? [e.u.caseId] : [])));
    const next = events.filter(
      (e) => (e.u.returnGid !== null && gids.has(e.u.returnGid)) || (e.u.caseId !== null && cases.has(e.u.caseId)),
    );
    if (next.length === found.length) return next;
    found = next;
  }
}

export type ReturnResolution = "refund" | "store_credit" | "exchange";

export interface ReturnLabel {
  url: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  carrier: string | null;
}

/** What a return's event says, as far as an email uses it. */
export interface ReturnUpdate {
  /** Shopify's return; null while Shopify does not know the request (then caseId says which). */
  returnGid: string | null;
  /** The returns capability's case. */
  caseId: string | null;
  name: string | null;
  items: { title: string; quantity: number; exchangeFor: string | null }[] | null;
  resolution: ReturnResolution | null;
  amounts: { totalMinor: number; bonusMinor: number; currency: string } | null;
  /** The merchant's note to the customer (approve, decline). */
  message: string | null;
  label: ReturnLabel | null;
  /** The shopper's signed status page. */
  statusUrl: string | null;
  locale: string | null;
}

const str = (v: unknown, max = 500): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim().slice(0, max) : null);

/** Only web links go into an email's buttons (never javascript: or data:). */
function webUrl(v: unknown): string | null {
  const s = str(v, 2_000);
  if (!s) return null;
  try {
    const url = new URL(s);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : null;
  } catch {
    return null;
  }
}

function itemsOf(v: unknown): ReturnUpdate["items"] {
  if (!Array.isArray(v)) return null;
  const items = v.flatMap((i) => {
    if (!i || typeof i !== "object") return [];
    const r = i as Record<string, unknown>;
    const title = str(r.title, 200);
    const quantity = Number(r.quantity);
    if (!title || !Number.isInteger(quantity) || quantity < 1) return [];
    return [{ title, quantity, exchangeFor: str(r.exchangeFor, 200) }];
  });
  return items.length ? items : null;
}

function amountsOf(v: unknown): ReturnUpdate["amounts"] {
  if (!v || typeof v !== "object") return null;
  const a = v as Record<string, unknown>;
  const totalMinor = Number(a.totalMinor);
  const bonusMinor = a.bonusMinor === undefined || a.bonusMinor === null ? 0 : Number(a.bonusMinor);
  const currency = str(a.currency, 3);
  if (!Number.isSafeInteger(totalMinor) || totalMinor < 0 || !Number.isSafeInteger(bonusMinor) || bonusMinor < 0) return null;
  if (!currency || !/^[A-Z]{3}$/.test(currency)) return null;
  return { totalMinor, bonusMinor, currency };
}

function labelOf(v: unknown): ReturnLabel | null {
  if (!v || typeof v !== "object") return null;
  const l = v as Record<string, unknown>;
  const label = {
    url: webUrl(l.url),
    trackingNumber: str(l.trackingNumber, 100),
    trackingUrl: webUrl(l.trackingUrl),
    carrier: str(l.carrier, 100),
  };
  return label.url || label.trackingNumber || label.trackingUrl ? label : null;
}

/** The event's detail as an update; null when it names no return (neither Shopify's nor a case). */
export function returnUpdateOf(detail: Record<string, unknown>): ReturnUpdate | null {
  const returnGid = str(detail.returnGid, 200);
  const caseId = str(detail.caseId, 200);
  if (!returnGid && !caseId) return null;
  const resolution = detail.resolution;
  return {
    returnGid,
    caseId,
    name: str(detail.name, 100),
    items: itemsOf(detail.items),
    resolution: resolution === "refund" || resolution === "store_credit" || resolution === "exchange" ? resolution : null,
    amounts: amountsOf(detail.amounts),
    message: str(detail.message, 2_000),
    label: labelOf(detail.label),
    statusUrl: webUrl(detail.statusUrl),
    locale: str(detail.locale, 20),
  };
}

/**
 * One update from the step's events (newest first) and, for what they leave out, the return's other
 * events (newest first): the same step may be reported twice (by the app with the details, by
 * Shopify's webhook with the status only). The merchant's message and the label come only from the
 * step's own events: an approval's note is not repeated in the email that says the parcel arrived.
 */
export function mergeUpdates(step: ReturnUpdate[], others: ReturnUpdate[]): ReturnUpdate | null {
  if (!step.length) return null;
  const all = [...step, ...others];
  const first = <K extends keyof ReturnUpdate>(list: ReturnUpdate[], key: K): ReturnUpdate[K] | null =>
    list.find((u) => u[key] !== null)?.[key] ?? null;
  return {
    returnGid: first(all, "returnGid"),
    caseId: first(all, "caseId"),
    name: first(all, "name"),
    items: first(all, "items"),
    resolution: first(all, "resolution"),
    amounts: first(all, "amounts"),
    message: first(step, "message"),
    label: first(step, "label"),
    statusUrl: first(all, "statusUrl"),
    locale: first(all, "locale"),
  };
}
