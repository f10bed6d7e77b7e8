// A return's status emails as a shopper reads them: the merchant's words around the return's block —
// its items, what was done (a refund of X, store credit of X with its bonus, the item sent in
// exchange), the merchant's message, the label and tracking — and the button to the status page,
// in English and Polish, in HTML and plain text.
import { describe, expect, it } from "vitest";
import { defaultCopy } from "~/messaging/email/default-copy";
import type { EmailModel } from "~/messaging/email/model";
import { renderEmail } from "~/messaging/email/render.server";
import { RETURN_FLOW, type ReturnStep } from "~/messaging/return-update";
import { fillCopy } from "~/messaging/template-vars";

const STATUS = "https://ceramika.example/apps/aftercare/returns/status?t=signed";

function model(step: ReturnStep, locale: "en" | "pl", update: Partial<NonNullable<EmailModel["returnUpdate"]>> = {}): EmailModel {
  const flow = RETURN_FLOW[step];
  const words = fillCopy(defaultCopy(flow, locale), { first_name: "Marta", order_name: "#1042", shop_name: "Ceramika Marty" });
  return {
    flow,
    locale,
    ...words,
    branding: { shopName: "Ceramika Marty", logoUrl: null, accentColor: "#1f6f5c", contactUrl: null },
    returnUpdate: {
      step,
      name: "#1042-R1",
      items: [{ title: "Kubek ceramiczny", quantity: 2, exchangeFor: null }],
      resolution: "refund",
      amounts: { totalMinor: 12_900, bonusMinor: 0, currency: "PLN" },
      message: null,
      label: null,
      statusUrl: STATUS,
      ...update,
    },
    unsubscribeUrl: "https://app.example/m/unsubscribe/token",
    utmCampaign: flow,
  };
}

async function plain(m: EmailModel): Promise<string> {
  return (await renderEmail(m)).text.replace(/\u00a0|\u202f/g, " ");
}

describe("return status emails", () => {
  it.each([
    ["en", "refund", 0, "We've refunded PLN 129.00."],
    ["pl", "refund", 0, "Zwróciliśmy 129,00 zł."],
    ["en", "store_credit", 1_290, "We've added PLN 129.00 of store credit to your account, including a bonus of PLN 12.90."],
    ["pl", "store_credit", 0, "Dodaliśmy 129,00 zł do środków na Twoim koncie w sklepie."],
  ] as const)("processed (%s, %s) says what was paid back", async (locale, resolution, bonusMinor, sentence) => {
    const text = await plain(model("processed", locale, { resolution, amounts: { totalMinor: 12_900, bonusMinor, currency: "PLN" } }));
    expect(text).toContain(sentence);
    expect(text).toContain(locale === "pl" ? "Zwrot #1042-R1" : "Return #1042-R1");
    expect(text).toContain("2 × Kubek ceramiczny");
  });

  it("processed as an exchange names the item sent instead", async () => {
    const text = await plain(
      model("processed", "en", {
        resolution: "exchange",
        items: [{ title: "Ceramic mug", quantity: 1, exchangeFor: "Ceramic mug — Green" }],
      }),
    );
    expect(text).toContain("Your exchange is being prepared: Ceramic mug — Green.");
    expect(text).toContain("1 × Ceramic mug — Exchange for: Ceramic mug — Green");
  });

  it("says what the shopper asked for while the return is under way", async () => {
    const text = await plain(
      model("requested", "en", { resolution: "store_credit", amounts: { totalMinor: 5_000, bonusMinor: 500, currency: "EUR" } }),
    );
    expect(text).toContain("Store credit: €50.00 (including a bonus of €5.00)");
    expect(text).toContain("Hi Marta,");
    expect(text).toContain("What happens next");
  });

  it("declined carries the merchant's message", async () => {
    const email = await renderEmail(model("declined", "pl", { message: "Termin zwrotu minął 1 marca.\n\nZapraszamy ponownie." }));
    const text = email.text.replace(/\u00a0|\u202f/g, " ");
    expect(email.subject).toBe("W sprawie zgłoszenia zwrotu do zamówienia #1042");
    expect(text).toContain("Wiadomość od sklepu Ceramika Marty:");
    expect(text).toContain("Termin zwrotu minął 1 marca.");
    expect(text).toContain("Zapraszamy ponownie.");
    expect(email.html).toContain('lang="pl"');
  });

  it("approved with a label shows the label, the carrier and the tracking", async () => {
    const label = {
      url: "https://labels.example/r1.pdf",
      trackingNumber: "00340434",
      trackingUrl: "https://track.example/00340434",
      carrier: "DPD",
    };
    const text = await plain(model("approved", "en", { label, message: "Please send it within 14 days." }));
    expect(text).toContain("Download the return label: https://labels.example/r1.pdf");
    expect(text).toContain("Carrier: DPD");
    expect(text).toContain("Tracking number: 00340434");
    expect(text).toContain("Track the parcel: https://track.example/00340434");
    expect(text).toContain("Please send it within 14 days.");
  });

  it("leaves the label out of a step it does not belong to", async () => {
    const label = { url: "https://labels.example/r1.pdf", trackingNumber: "00340434", trackingUrl: null, carrier: null };
    expect(await plain(model("received", "en", { label }))).not.toContain("00340434");
  });

  it("links the status page as it is, without tracking parameters", async () => {
    const email = await renderEmail(model("received", "en"));
    expect(email.text).toContain(`View your return: ${STATUS}`);
    expect(email.html).toContain(`href="${STATUS.replace("&", "&amp;")}"`);
    const polish = await plain(model("closed", "pl"));
    expect(polish).toContain(`Zobacz status zwrotu: ${STATUS}`);
  });

  it("has no button when the event gave no status page, and no amounts when it gave none", async () => {
    const text = await plain(model("processed", "en", { statusUrl: null, amounts: null, name: null, items: [] }));
    expect(text).not.toContain("View your return");
    expect(text).not.toContain("refunded");
    expect(text).toContain("Your return");
    expect(text).toContain("We've completed your return for order #1042.");
  });
});
