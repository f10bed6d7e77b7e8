// A return's steps on the order's timeline, as the merchant reads them: the return's name, its items,
// the amount and how it was resolved, the tracking — in English and Polish.
import { describe, expect, it } from "vitest";
import { describeEvent } from "~/events/describe-event";
import type { TimelineEvent } from "~/events/timeline.server";
import { translator } from "~/i18n/translate";

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

function event(type: string, detail: Record<string, unknown>): TimelineEvent {
  return {
    id: `e-${type}`,
    type,
    orderGid: "gid://shopify/Order/1001",
    orderName: "#1001",
    customerGid: null,
    occurredAt: new Date("2026-11-20T09:30:00Z"),
    createdAt: new Date("2026-11-20T09:30:01Z"),
    history: false,
    source: "app",
    detail,
  } as TimelineEvent;
}

const caseDetail = {
  returnGid: "gid://shopify/Return/9",
  status: "processed",
  name: "#1001-R1",
  caseId: "c1",
  items: [{ lineItemGid: "gid://shopify/LineItem/1", title: "Mug", quantity: 2 }],
  resolution: "store_credit",
  amounts: { itemsMinor: 10000, bonusMinor: 1000, totalMinor: 11000, currency: "PLN" },
  label: { url: null, trackingNumber: "RR1PL", trackingUrl: null, carrier: null },
};

function words(type: string, detail: Record<string, unknown>, locale: "en" | "pl" = "en") {
  const view = describeEvent(event(type, detail), { t: translator(locale), locale, timeZone: "Europe/Warsaw" });
  return [view.label, ...view.details.map((d) => plain(d.text))];
}

describe("a return's steps on the timeline", () => {
  it("names the items and the store credit given, with the bonus", () => {
    expect(words("return.processed", caseDetail)).toEqual(["Return processed", "Return #1001-R1", "2 × Mug", "Store credit of PLN 110.00"]);
    expect(words("return.processed", { ...caseDetail, resolution: "refund" }, "pl")).toEqual([
      "Zwrot rozliczony",
      expect.stringContaining("#1001-R1"),
      "2 × Mug",
      "Zwrot pieniędzy: 110,00 zł",
    ]);
  });

  it("shows the tracking number once the label is added", () => {
    expect(words("return.label_added", caseDetail)).toEqual(["Return label added", "Return #1001-R1", "2 × Mug", "Tracking: RR1PL"]);
  });

  it("keeps Shopify's status for a return the app holds no case of", () => {
    const view = words("return.approved", { returnGid: "gid://shopify/Return/9", status: "open", name: null });
    expect(view[0]).toBe("Return approved");
    expect(view).toHaveLength(2);
  });
});
