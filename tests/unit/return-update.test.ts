// Reading a return's events for its status emails: which step's flow an event starts, one key per
// return and step, the detail read defensively (malformed parts dropped, only web links kept), and
// the step's own events merged with the return's others.
import { describe, expect, it } from "vitest";
import {
  mergeUpdates,
  ofReturn,
  returnFlowOf,
  returnIdOf,
  returnIdOfKey,
  returnMessageKey,
  returnUpdateOf,
  stepOf,
  type ReturnUpdate,
} from "~/messaging/return-update";
import { FLOW_CATEGORY, FLOW_DEFAULT_DELAY_MINUTES, FLOWS, sendsAtOnce } from "~/messaging/types";

const RETURN = "gid://shopify/Return/71";

describe("returnFlowOf", () => {
  it.each([
    ["return.requested", "return_requested"],
    ["return.approved", "return_approved"],
    ["return.declined", "return_declined"],
    ["return.label_added", "return_label_added"],
    ["return.received", "return_received"],
    ["return.processed", "return_processed"],
    ["return.closed", "return_closed"],
    ["return.cancelled", null],
    ["return.reopened", null],
    ["order.refunded", null],
    ["return.", null],
  ])("%s starts %s", (type, flow) => {
    expect(returnFlowOf(type)).toBe(flow);
  });

  it("names each step's flow, transactional and sent at once", () => {
    const returnFlows = FLOWS.filter(sendsAtOnce);
    expect(returnFlows).toHaveLength(7);
    for (const flow of returnFlows) {
      expect(FLOW_CATEGORY[flow]).toBe("transactional");
      expect(FLOW_DEFAULT_DELAY_MINUTES[flow]).toBe(0);
      expect(returnFlowOf(`return.${stepOf(flow as Parameters<typeof stepOf>[0])}`)).toBe(flow);
    }
    expect(sendsAtOnce("delivery_follow_up")).toBe(false);
  });
});

describe("message keys", () => {
  it("are one per return and step, and give the return back", () => {
    const key = returnMessageKey("return_approved", RETURN);
    expect(key).toBe(`return_approved:${RETURN}`);
    expect(returnMessageKey("return_approved", RETURN)).toBe(key);
    expect(returnMessageKey("return_declined", RETURN)).not.toBe(key);
    expect(returnIdOfKey("return_approved", key)).toBe(RETURN);
    expect(returnIdOfKey("return_declined", key)).toBeNull();
    expect(returnIdOfKey("return_approved", "return_approved:")).toBeNull();
  });

  it("name Shopify's return, or the case while Shopify does not know the request", () => {
    expect(returnIdOf({ returnGid: RETURN, caseId: "case-1" })).toBe(RETURN);
    expect(returnIdOf({ returnGid: null, caseId: "case-1" })).toBe("return-case:case-1");
  });
});

describe("ofReturn", () => {
  const ev = (returnGid: string | null, caseId: string | null, type = "return.approved") => ({
    type,
    u: { ...returnUpdateOf({ returnGid, caseId })! },
  });

  it("finds a return's events by Shopify's return and by its case", () => {
    const requested = ev(null, "case-1", "return.requested");
    const approved = ev(RETURN, "case-1");
    const closedByShopify = ev(RETURN, null, "return.closed");
    const other = ev("gid://shopify/Return/72", "case-2");
    const all = [requested, approved, closedByShopify, other];
    expect(ofReturn(all, RETURN)).toEqual([requested, approved, closedByShopify]);
    expect(ofReturn(all, "return-case:case-1")).toEqual([requested, approved, closedByShopify]);
    expect(ofReturn(all, "gid://shopify/Return/99")).toEqual([]);
  });
});

describe("returnUpdateOf", () => {
  it("reads everything a complete event carries", () => {
    expect(
      returnUpdateOf({
        returnGid: RETURN,
        status: "OPEN",
        name: "#1042-R1",
        items: [{ title: "Ceramic mug", quantity: 2, exchangeFor: "Ceramic mug — Green" }],
        resolution: "store_credit",
        amounts: { totalMinor: 9680, currency: "PLN", bonusMinor: 880 },
        message: "  Thanks for letting us know.  ",
        label: {
          url: "https://labels.example/1.pdf",
          trackingNumber: "0034 0434",
          trackingUrl: "https://track.example/0034",
          carrier: "DPD",
        },
        statusUrl: "https://shop.example/apps/aftercare/returns/abc",
        locale: "pl-PL",
      }),
    ).toEqual({
      returnGid: RETURN,
      caseId: null,
      name: "#1042-R1",
      items: [{ title: "Ceramic mug", quantity: 2, exchangeFor: "Ceramic mug — Green" }],
      resolution: "store_credit",
      amounts: { totalMinor: 9680, bonusMinor: 880, currency: "PLN" },
      message: "Thanks for letting us know.",
      label: {
        url: "https://labels.example/1.pdf",
        trackingNumber: "0034 0434",
        trackingUrl: "https://track.example/0034",
        carrier: "DPD",
      },
      statusUrl: "https://shop.example/apps/aftercare/returns/abc",
      locale: "pl-PL",
    });
  });

  it("reads today's webhook events (status and name only) with the rest left empty", () => {
    expect(returnUpdateOf({ returnGid: RETURN, status: "REQUESTED", name: null })).toEqual({
      returnGid: RETURN,
      caseId: null,
      name: null,
      items: null,
      resolution: null,
      amounts: null,
      message: null,
      label: null,
      statusUrl: null,
      locale: null,
    });
  });

  it("names no return → nothing", () => {
    expect(returnUpdateOf({ status: "OPEN" })).toBeNull();
    expect(returnUpdateOf({ returnGid: "  ", caseId: null })).toBeNull();
  });

  it("reads a request Shopify does not know yet by its case", () => {
    expect(returnUpdateOf({ returnGid: null, caseId: "case-1", status: "requested" })).toMatchObject({ returnGid: null, caseId: "case-1" });
  });

  it.each([
    ["a script link", { statusUrl: "javascript:alert(1)" }, { statusUrl: null }],
    ["a data link", { label: { url: "data:text/html,x" } }, { label: null }],
    ["a relative link", { statusUrl: "/returns/abc" }, { statusUrl: null }],
    ["an unknown resolution", { resolution: "cash" }, { resolution: null }],
    ["float money", { amounts: { totalMinor: 12.5, currency: "EUR" } }, { amounts: null }],
    ["negative money", { amounts: { totalMinor: -100, currency: "EUR" } }, { amounts: null }],
    ["a bad currency", { amounts: { totalMinor: 100, currency: "euro" } }, { amounts: null }],
    ["no bonus", { amounts: { totalMinor: 100, currency: "EUR" } }, { amounts: { totalMinor: 100, bonusMinor: 0, currency: "EUR" } }],
    [
      "items that are not items",
      { items: [null, { title: "Mug" }, { title: "", quantity: 1 }, { title: "Cup", quantity: 0 }] },
      { items: null },
    ],
    [
      "one good item among bad",
      { items: ["x", { title: "Mug", quantity: 1 }] },
      { items: [{ title: "Mug", quantity: 1, exchangeFor: null }] },
    ],
    ["an empty message", { message: "   " }, { message: null }],
    ["a label with nothing in it", { label: { carrier: "DPD" } }, { label: null }],
  ])("drops %s", (_, detail, expected) => {
    expect(returnUpdateOf({ returnGid: RETURN, ...detail })).toMatchObject(expected);
  });
});

describe("mergeUpdates", () => {
  const lean = returnUpdateOf({ returnGid: RETURN, status: "CLOSED", name: null })!;
  const rich: ReturnUpdate = {
    ...lean,
    name: "#1042-R1",
    items: [{ title: "Mug", quantity: 1, exchangeFor: null }],
    resolution: "refund",
    amounts: { totalMinor: 4900, bonusMinor: 0, currency: "EUR" },
    statusUrl: "https://shop.example/status",
    message: "Approved — thanks!",
    label: { url: "https://labels.example/1.pdf", trackingNumber: null, trackingUrl: null, carrier: null },
  };

  it("fills what the step's events leave out from the return's other events", () => {
    expect(mergeUpdates([lean], [rich])).toMatchObject({
      name: "#1042-R1",
      items: rich.items,
      resolution: "refund",
      amounts: rich.amounts,
      statusUrl: rich.statusUrl,
    });
  });

  it("keeps the merchant's message and the label to the step they belong to", () => {
    expect(mergeUpdates([lean], [rich])).toMatchObject({ message: null, label: null });
    expect(mergeUpdates([lean, rich], [])).toMatchObject({ message: "Approved — thanks!", label: rich.label });
  });

  it("prefers the step's newest event", () => {
    const newer = { ...rich, amounts: { totalMinor: 3900, bonusMinor: 0, currency: "EUR" } };
    expect(mergeUpdates([newer, rich], [])!.amounts!.totalMinor).toBe(3900);
  });

  it("has nothing without an event of the step", () => {
    expect(mergeUpdates([], [rich])).toBeNull();
  });
});
