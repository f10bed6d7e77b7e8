// What the messaging engine tells the order's timeline: an email sent, or one that will not be
// (cancelled, suppressed, failed, with the reason), and a CSAT answer. Appended as after-sales
// events, each once (its key names the message and the outcome).
import type { EventLog } from "~/events/log.server";

export interface MessageRef {
  id: string;
  flow: string;
  orderGid: string | null;
  customerGid: string | null;
}

export async function noteSent(
  events: EventLog,
  shop: string,
  m: MessageRef & { category: string; subject: string; discountCode: string | null },
  at: Date,
): Promise<void> {
  await events.append(
    shop,
    [
      {
        type: "message.sent",
        key: `message:${m.id}:sent`,
        orderGid: m.orderGid,
        customerGid: m.customerGid,
        occurredAt: at,
        detail: { messageId: m.id, flow: m.flow, category: m.category, subject: m.subject, discountCode: m.discountCode },
      },
    ],
    { source: "app" },
  );
}

export async function noteNotSent(
  events: EventLog,
  shop: string,
  m: MessageRef,
  status: "cancelled" | "suppressed" | "failed",
  reason: string | null,
  at: Date,
): Promise<void> {
  await events.append(
    shop,
    [
      {
        type: "message.not_sent",
        key: `message:${m.id}:${status}:${reason ?? ""}`,
        orderGid: m.orderGid,
        customerGid: m.customerGid,
        occurredAt: at,
        detail: { messageId: m.id, flow: m.flow, status, reason },
      },
    ],
    { source: "app" },
  );
}
