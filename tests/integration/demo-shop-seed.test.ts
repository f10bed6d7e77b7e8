// The demo shop reads right to a Polish merchant: a Polish catalogue with care advice and pictures that
// need no network, and customers' names as Polish has them (Kowalski's wife is Kowalska; Nowak is Nowak).
import { describe, expect, it } from "vitest";
import { AdminStore, seedDemoShop } from "../support/shopify/admin";
import { polishSurname } from "../support/shopify/admin/seed";

const now = Date.parse("2026-03-01T10:00:00Z");
const store = new AdminStore({ clock: () => now });
seedDemoShop(store, "demo.myshopify.com", { now });
const data = store.shopData("demo.myshopify.com");

describe("Polish surnames", () => {
  it.each([
    ["Kowalski", true, "Kowalska"],
    ["Wiśniewski", true, "Wiśniewska"],
    ["Zieliński", true, "Zielińska"],
    ["Górecki", true, "Górecka"],
    ["Zawadzki", true, "Zawadzka"],
    ["Czarny", true, "Czarna"],
    ["Nowak", true, "Nowak"],
    ["Wójcik", true, "Wójcik"],
    ["Woźniak", true, "Woźniak"],
    ["Kowalski", false, "Kowalski"],
  ])("%s for a woman (%s) is %s", (surname, woman, expected) => {
    expect(polishSurname(surname, woman)).toBe(expected);
  });

  it("no Polish woman in the demo shop carries a masculine surname, and her email follows her name", () => {
    const women = Object.values(data.customers).filter((c) => c.locale === "pl" && /a$/.test(c.firstName ?? ""));
    expect(women.length).toBeGreaterThan(20);
    expect(women.filter((c) => /(ski|cki)$/.test(c.lastName ?? "")).map((c) => `${c.firstName} ${c.lastName}`)).toEqual([]);
    expect(women.some((c) => /ska$/.test(c.lastName ?? ""))).toBe(true);
    const kowalska = women.find((c) => c.lastName === "Kowalska");
    expect(kowalska?.email).toMatch(/\.kowalska\.\d+@example\.pl$/);
    expect(kowalska?.address?.lastName).toBe("Kowalska");
  });
});

describe("the demo catalogue", () => {
  const products = Object.values(data.products);

  it("is in the shop's language, with care advice in every description", () => {
    expect(data.shop.locale).toBe("pl");
    for (const product of products) {
      expect(product.title).not.toMatch(/\b(Set|Plate|Oven|Bag|Blanket|Plant|Can|Towel|Basket|Servers)\b/);
      expect(product.description).toMatch(/\n\nPielęgnacja: \S/);
    }
    const variantTitles = Object.values(data.variants).map((v) => v.title);
    expect(variantTitles).toContain("3,8 l");
    expect(variantTitles.filter((t) => /\d\.\d/.test(t))).toEqual([]);
  });

  it("has a picture for every product that loads without the network", () => {
    for (const product of products) {
      expect(product.image?.url).toMatch(/^data:image\/svg\+xml,%3Csvg/);
      expect(decodeURIComponent(product.image?.url.slice("data:image/svg+xml,".length) ?? "")).toMatch(
        /^<svg [^>]*viewBox="0 0 240 240">.*<\/svg>$/,
      );
      expect(product.image?.altText).toBe(product.title);
    }
  });
});
