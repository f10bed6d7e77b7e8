// A return's life as data: the statuses in the order they are reached, which merchant action moves
// which status where, the steps the shopper's timeline shows, and how Shopify's return statuses map
// onto ours. Pure.
import type { ReturnAction, ReturnStatus, ReturnTimelineStep } from "./types";

export const RETURN_STATUSES: readonly ReturnStatus[] = [
  "requested",
  "approved",
  "declined",
  "in_transit",
  "received",
  "processed",
  "closed",
  "cancelled",
];

/** How far along a status is: a webhook never moves a case back to a lower rank (except a reopen). */
export const STATUS_RANK: Record<ReturnStatus, number> = {
  requested: 0,
  approved: 1,
  declined: 1,
  in_transit: 2,
  received: 3,
  processed: 4,
  closed: 5,
  cancelled: 5,
};

/** The merchant's actions: from which statuses each may start, and where it leads. */
export const ACTIONS: Record<ReturnAction, { from: readonly ReturnStatus[]; to: ReturnStatus }> = {
  approve: { from: ["requested"], to: "approved" },
  decline: { from: ["requested"], to: "declined" },
  label: { from: ["approved"], to: "in_transit" },
  receive: { from: ["approved", "in_transit"], to: "received" },
  process: { from: ["approved", "in_transit", "received"], to: "processed" },
  close: { from: ["approved", "in_transit", "received", "processed"], to: "closed" },
};

export function allowedActions(status: ReturnStatus): ReturnAction[] {
  return (Object.keys(ACTIONS) as ReturnAction[]).filter((a) => ACTIONS[a].from.includes(status));
}

/** Statuses the queue's "open" filter shows: something is still to be done. */
export const OPEN_STATUSES: readonly ReturnStatus[] = ["requested", "approved", "in_transit", "received", "processed"];

export function isReturnStatus(value: string): value is ReturnStatus {
  return (RETURN_STATUSES as readonly string[]).includes(value);
}

/** Our status for a Shopify return status (REQUESTED, OPEN, DECLINED, CLOSED, CANCELED). */
export function statusFromShopify(status: string | null | undefined): ReturnStatus | null {
  switch ((status ?? "").toUpperCase()) {
    case "REQUESTED":
      return "requested";
    case "OPEN":
      return "approved";
    case "DECLINED":
      return "declined";
    case "CLOSED":
      return "closed";
    case "CANCELED":
    case "CANCELLED":
      return "cancelled";
    default:
      return null;
  }
}

export interface StepTimes {
  requestedAt: Date;
  approvedAt: Date | null;
  declinedAt: Date | null;
  labelAt: Date | null;
  receivedAt: Date | null;
  processedAt: Date | null;
  closedAt: Date | null;
  cancelledAt: Date | null;
}

/** The shopper's timeline: the path this return takes, each step done or still ahead. */
export function timelineSteps(status: ReturnStatus, t: StepTimes): ReturnTimelineStep[] {
  const at = (d: Date | null) => (d ? d.toISOString() : null);
  if (status === "declined")
    return [
      { status: "requested", at: at(t.requestedAt), done: true },
      { status: "declined", at: at(t.declinedAt), done: true },
    ];
  if (status === "cancelled")
    return [
      { status: "requested", at: at(t.requestedAt), done: true },
      { status: "cancelled", at: at(t.cancelledAt), done: true },
    ];
  const path: [ReturnStatus, Date | null][] = [
    ["requested", t.requestedAt],
    ["approved", t.approvedAt],
    ["in_transit", t.labelAt],
    ["received", t.receivedAt],
    ["processed", t.processedAt],
    ["closed", t.closedAt],
  ];
  const rank = STATUS_RANK[status];
  return path.map(([s, d]) => ({ status: s, at: at(d), done: STATUS_RANK[s] <= rank }));
}
