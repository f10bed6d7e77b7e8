// The returns admin's pure pieces: the settings form's draft turns into exactly the policy it came
// from (money in major units, Polish decimal commas, empty for "no limit"), what the merchant typed
// wrongly is refused by returnPolicySchema on its own field in their language; the policy trace reads
// as sentences with the amounts in money and names the items a rule refused; statuses read as words.
import { describe, expect, it } from "vitest";
import { draftOfPolicy, minorOf, newRuleDraft, numberOf, policyErrors, policyOfDraft } from "~/components/returns-policy-draft";
import { resolutionLabel, riskLabel, statusLook, traceLines } from "~/components/returns-ui";
import { translator } from "~/i18n/translate";
import { formatMoney } from "~/orders/format-money";
import { defaultReturnPolicy, returnPolicySchema } from "~/returns/policy-schema";
import type { ReturnPolicy } from "~/returns/policy-types";

const en = translator("en");
const pl = translator("pl");

function policyWithEverything(): ReturnPolicy {
  const p = defaultReturnPolicy();
  return {
    ...p,
    windowDays: 45,
    transitBufferDays: 5,
    restockingFeePercent: 12.5,
    returnShipping: { payer: "customer", feeMinor: 1599, waiveForExchange: true },
    resolutions: {
      refund: { enabled: true },
      storeCredit: { enabled: true, bonusPercent: 10 },
      exchange: { enabled: false, bonusPercent: 0 },
    },
    rules: [
      { id: "r1", target: "tag", value: "final-sale", finalSale: true },
      { id: "r2", target: "product", value: "gid://shopify/Product/7", windowDays: null, restockingFeePercent: 0 },
      { id: "r3", target: "collection", value: "gid://shopify/Collection/9", windowDays: 14, exchangeOrCreditOnly: true },
    ],
    autoApproval: { enabled: true, maxValueMinor: 20000, reasonCodes: ["too_small", "too_large"], requireUnflaggedCustomer: true },
    review: { international: true, valueOverMinor: 100000, serialReturnerMinReturns: 3 },
  };
}

describe("the policy settings draft", () => {
  it.each([
    ["the default policy", defaultReturnPolicy()],
    ["a policy using every setting", policyWithEverything()],
  ])("%s survives the round trip through the form unchanged", (_, policy) => {
    const draft = draftOfPolicy(policy, "PLN");
    const back = returnPolicySchema.parse(policyOfDraft(draft, "PLN"));
    expect(back).toEqual(policy);
  });

  it("shows money in major units and reads what the merchant types, commas included", () => {
    const draft = draftOfPolicy(policyWithEverything(), "PLN");
    expect(draft.returnShipping.feeMinor).toBe("15.99");
    expect(draft.autoApproval.maxValueMinor).toBe("200.00");
    expect(draft.windowDays).toBe("45");
    expect(draftOfPolicy(defaultReturnPolicy(), "PLN").review.valueOverMinor).toBe("");
    expect(minorOf("12,50", "PLN")).toBe(1250);
    expect(minorOf(" 7 ", "PLN")).toBe(700);
    expect(minorOf("1500", "JPY")).toBe(1500);
    expect(minorOf("1.999", "PLN")).toBe("1.999");
    expect(minorOf("abc", "PLN")).toBe("abc");
    expect(numberOf("12,5")).toBe(12.5);
    expect(numberOf("twelve")).toBe("twelve");
  });

  it("an empty window or threshold means no limit; an unset rule setting is left out", () => {
    const draft = draftOfPolicy(defaultReturnPolicy(), "PLN");
    draft.windowDays = "";
    draft.review.valueOverMinor = " ";
    draft.rules = [{ ...newRuleDraft("n1"), value: "clearance" }];
    const policy = returnPolicySchema.parse(policyOfDraft(draft, "PLN"));
    expect(policy.windowDays).toBeNull();
    expect(policy.review.valueOverMinor).toBeNull();
    expect(policy.rules).toEqual([{ id: "n1", target: "tag", value: "clearance", finalSale: true }]);
  });

  it("refuses what was typed wrongly on its own field, in English and Polish", () => {
    const draft = draftOfPolicy(defaultReturnPolicy(), "PLN");
    draft.windowDays = "thirty";
    draft.restockingFeePercent = "150";
    draft.returnShipping.feeMinor = "-5";
    draft.reasons[1] = { ...draft.reasons[1], label: { en: "Too large", pl: " " } };
    draft.rules = [
      { ...newRuleDraft("n1"), target: "product", value: "shoes" },
      { ...newRuleDraft("n2"), value: "x", finalSale: "inherit" },
    ];
    const result = returnPolicySchema.safeParse(policyOfDraft(draft, "PLN"));
    expect(result.success).toBe(false);
    if (result.success) return;
    const english = policyErrors(result.error.issues, en);
    expect(english).toMatchObject({
      windowDays: "Enter a whole number of days from 1 to 3650, or leave it empty for no limit.",
      restockingFeePercent: "Enter a percentage from 0 to 100 (at most two decimals).",
      "returnShipping.feeMinor": "Enter an amount that is not negative, like 15.00.",
      "reasons.1.label.pl": "Give the reason a label (up to 80 characters).",
      "rules.0.value": "Enter a tag, or a Shopify ID like gid://shopify/Product/123 (or …/Collection/…).",
      "rules.1": "This rule changes nothing: set final sale, a window, a fee or refunds.",
    });
    const polish = policyErrors(result.error.issues, pl);
    expect(polish.windowDays).toBe("Podaj liczbę całkowitą dni od 1 do 3650 albo zostaw puste, by nie ograniczać czasu.");

    // Checks across fields come once every field is valid.
    const none = draftOfPolicy(defaultReturnPolicy(), "PLN");
    none.resolutions.refund.enabled = false;
    none.resolutions.storeCredit.enabled = false;
    none.resolutions.exchange.enabled = false;
    const refused = returnPolicySchema.safeParse(policyOfDraft(none, "PLN"));
    expect(refused.success || policyErrors(refused.error.issues, pl)).toEqual({
      resolutions: "Zaproponuj co najmniej jeden sposób rozliczenia: zwrot pieniędzy, środki w sklepie lub wymianę.",
    });
  });
});

describe("the policy trace in words", () => {
  const money = (minor: number) => formatMoney(minor, "PLN", "en");
  const trace = [
    {
      rule: "window",
      fired: true,
      detail: {
        because: "refused",
        values: {},
        items: [
          { lineItemGid: "gid://shopify/LineItem/1", fired: true, values: {} },
          { lineItemGid: "gid://shopify/LineItem/2", fired: false, values: {} },
        ],
      },
    },
    { rule: "photo", fired: false, detail: { because: "passed", values: {}, items: [] } },
    { rule: "restocking_fee", fired: true, detail: { because: "charged", values: { feeMinor: 1250, policyPercent: 10, waived: false } } },
    { rule: "review_value", fired: true, detail: { because: "over_threshold", values: { valueMinor: 150000, thresholdMinor: 100000 } } },
    {
      rule: "review_serial_returner",
      fired: false,
      detail: { because: "below_threshold", values: { returnsLast365Days: 2, threshold: 5 } },
    },
    {
      rule: "auto_reason",
      fired: false,
      detail: { because: "reason_not_listed", values: { allowed: ["too_small"], notListed: ["defective"] } },
    },
    { rule: "auto_approval", fired: false, detail: { because: "review_required", values: { enabled: true } } },
    { rule: "something_new", fired: true, detail: {} },
  ];
  const titles = { "gid://shopify/LineItem/1": "Kubek ceramiczny", "gid://shopify/LineItem/2": "Wazon" };

  it("says for each rule what fired and why, with the amounts as money and the refused items by name", () => {
    const lines = traceLines(en, trace, money, titles);
    expect(lines.map((l) => [l.rule, l.fired, l.text, l.items])).toEqual([
      ["window", true, "An item is past its return window.", ["Kubek ceramiczny"]],
      ["photo", false, "Photos are there where a reason requires them.", []],
      ["restocking_fee", true, `A restocking fee of ${money(1250)} is charged.`, []],
      ["review_value", true, `Worth ${money(150000)}, more than ${money(100000)}: needs your review.`, []],
      ["review_serial_returner", false, "The customer asked for 2 returns in the last 365 days, below your limit of 5.", []],
      ["auto_reason", false, "These reasons do not auto-approve: defective.", []],
      ["auto_approval", false, "Not approved automatically: a review rule applies.", []],
      ["something_new", true, "Rule “something_new”", []],
    ]);
  });

  it("reads in Polish too, and falls back to whether a rule fired when the reason is unknown", () => {
    const lines = traceLines(pl, trace, (m) => formatMoney(m, "PLN", "pl"), titles);
    expect(lines[0].text).toBe("Termin zwrotu produktu minął.");
    expect(lines[4].text).toBe("Klient zgłosił 2 zwroty w ciągu ostatnich 365 dni, poniżej Twojego progu 5.");
    const fallback = traceLines(en, [{ rule: "bonus", fired: true, detail: { because: "a_future_reason" } }], money);
    expect(fallback[0].text).toBe("A bonus is added.");
  });
});

describe("a return's words", () => {
  it("names statuses, resolutions and risks in the merchant's language", () => {
    expect(statusLook(en, "requested")).toMatchObject({ label: "Requested", tone: "attention" });
    expect(statusLook(pl, "in_transit").label).toBe("W drodze");
    expect(resolutionLabel(pl, "store_credit")).toBe("Środki w sklepie");
    expect(riskLabel(en, "review_international")).toBe("International");
    expect(riskLabel(en, "brand_new_flag")).toBe("brand new flag");
  });
});
