// The points reminder emails as a shopper reads them: the balance, the day the points expire in the
// shop's time zone and the shopper's language, a button to the store (with UTM parameters) that the
// plain-text part spells out, and the merchant's words around them — both stages, both languages.
import { describe, expect, it } from "vitest";
import { defaultCopy } from "~/messaging/email/default-copy";
import type { EmailModel } from "~/messaging/email/model";
import { formatExpiryDate, renderEmail } from "~/messaging/email/render.server";
import { fillCopy } from "~/messaging/template-vars";
import type { Flow } from "~/messaging/types";

/** 9 March 2027, 23:30 UTC: already the 10th in Warsaw. */
const EXPIRES = new Date("2027-03-09T23:30:00Z");

function model(flow: Extract<Flow, "points_expiry_warning" | "points_last_chance">, locale: "en" | "pl", points = 12_480): EmailModel {
  const words = fillCopy(defaultCopy(flow, locale), { first_name: "Marta", order_name: "", shop_name: "Ceramika Marty" });
  return {
    flow,
    locale,
    ...words,
    branding: { shopName: "Ceramika Marty", logoUrl: null, accentColor: "#1f6f5c", contactUrl: null },
    points: {
      stage: flow === "points_last_chance" ? "last_chance" : "warning",
      points,
      expiresAt: EXPIRES,
      timeZone: "Europe/Warsaw",
      url: "https://ceramika-marty.myshopify.com/account",
    },
    unsubscribeUrl: "https://app.example/m/unsubscribe/token",
    utmCampaign: flow,
  };
}

describe("points reminder emails", () => {
  it.each([
    ["points_expiry_warning", "en", "12,480", "Your points expire on 10 March 2027", "Use your points"],
    ["points_last_chance", "en", "12,480", "Last chance: your points expire on 10 March 2027", "Use your points"],
    ["points_expiry_warning", "pl", "12 480", "Twoje punkty wygasną 10 marca 2027", "Wykorzystaj punkty"],
    ["points_last_chance", "pl", "12 480", "Ostatnia szansa: Twoje punkty wygasną 10 marca 2027", "Wykorzystaj punkty"],
  ] as const)("%s in %s shows %s points, the day they expire and the way to the store", async (flow, locale, amount, sentence, button) => {
    const email = await renderEmail(model(flow, locale));
    const text = email.text.replace(/\u00a0|\u202f/g, " ");
    expect(text).toContain(amount);
    expect(text).toContain(sentence);
    expect(text).toMatch(
      new RegExp(
        `${button}: https://ceramika-marty\\.myshopify\\.com/account\\?utm_source=aftercare&utm_medium=email&utm_campaign=${flow}`,
      ),
    );
    expect(email.html).toContain('href="https://ceramika-marty.myshopify.com/account?utm_source=aftercare');
    expect(email.html).toContain(`lang="${locale}"`);
    // The merchant's words (here the defaults) are around the block, with the customer's name.
    expect(text).toContain(locale === "pl" ? "Cześć Marta," : "Hi Marta,");
  });

  it("names the day in the shop's time zone", () => {
    expect(formatExpiryDate("en", EXPIRES, "Europe/Warsaw")).toBe("10 March 2027");
    expect(formatExpiryDate("en", EXPIRES, "America/Los_Angeles")).toBe("9 March 2027");
    expect(formatExpiryDate("pl", EXPIRES, "Not/AZone")).toBe("9 marca 2027");
  });

  it("has default words of its own for each stage, in English and Polish", () => {
    expect(defaultCopy("points_expiry_warning", "en").subject).toBe("{{first_name}}, your points at {{shop_name}} expire soon");
    expect(defaultCopy("points_last_chance", "pl").subject).toBe("Ostatnia szansa na wykorzystanie punktów, {{first_name}}");
  });
});
