// The built-in copy of each flow and the email catalogs: both languages, the same placeholders, known variables only.
import { describe, expect, it } from "vitest";
import { emailEn } from "~/i18n/messages/email.en";
import { emailPl } from "~/i18n/messages/email.pl";
import { defaultCopy } from "~/messaging/email/default-copy";
import { FLOWS, TEMPLATE_VARIABLES } from "~/messaging/types";

const cases = FLOWS.flatMap((flow) => (["en", "pl"] as const).map((locale) => [flow, locale] as const));

describe("defaultCopy", () => {
  it.each(cases)("gives %s a subject, heading and multi-paragraph body in %s", (flow, locale) => {
    const copy = defaultCopy(flow, locale);
    expect(copy.subject.trim()).not.toBe("");
    expect(copy.heading.trim()).not.toBe("");
    expect(copy.body.split(/\n\s*\n/).length).toBeGreaterThan(1);
  });

  it.each(cases)("uses only the template variables in %s (%s)", (flow, locale) => {
    const copy = defaultCopy(flow, locale);
    const used = [...`${copy.subject} ${copy.heading} ${copy.body}`.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(TEMPLATE_VARIABLES).toContain(name);
    // No single-brace leftovers that a merchant would see as literal text.
    expect(`${copy.subject}${copy.heading}${copy.body}`.replace(/\{\{\w+\}\}/g, "")).not.toMatch(/[{}]/);
  });

  it("reads the English defaults the product describes", () => {
    expect(defaultCopy("delivery_follow_up", "en").subject).toBe("How is your order {{order_name}} going?");
    expect(defaultCopy("cross_sell", "en").subject).toBe("Picked for you, {{first_name}}");
  });

  it("has Polish of its own, not the English", () => {
    for (const flow of FLOWS) expect(defaultCopy(flow, "pl")).not.toEqual(defaultCopy(flow, "en"));
    expect(defaultCopy("delivery_follow_up", "pl").subject).toContain("zamówienie {{order_name}}");
  });
});

describe("email catalogs", () => {
  const placeholders = (message: unknown) => [...JSON.stringify(message).matchAll(/\{\{?(\w+)\}?\}/g)].map((m) => m[0]).sort();

  it.each(Object.keys(emailEn))("%s has the same placeholders in Polish", (key) => {
    const k = key as keyof typeof emailEn;
    expect(placeholders(emailPl[k])).toEqual(placeholders(emailEn[k]));
  });

  it("has the keys the shopper-facing CSAT and unsubscribe pages use", () => {
    const pageKeys = [
      "email.csat.page.title",
      "email.csat.thanks.heading",
      "email.csat.thanks.body",
      "email.csat.changed",
      "email.csat.low",
      "email.csat.comment.label",
      "email.csat.comment.hint",
      "email.csat.comment.submit",
      "email.csat.comment.saved",
      "email.csat.invalid",
      "email.unsubscribe.title",
      "email.unsubscribe.body",
      "email.unsubscribe.button",
      "email.unsubscribe.done",
      "email.unsubscribe.already",
      "email.unsubscribe.invalid",
      "email.page.backToShop",
      "email.csat.score.1",
      "email.csat.score.2",
      "email.csat.score.3",
      "email.csat.score.4",
      "email.csat.score.5",
    ];
    for (const key of pageKeys) expect(Object.keys(emailEn), key).toContain(key);
    expect(emailEn["email.csat.thanks.body"]).toContain("{score} of 5");
    expect(emailEn["email.unsubscribe.body"]).toMatch(/\{shop\}.*\{email\}/);
  });
});
