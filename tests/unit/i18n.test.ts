import { describe, expect, it } from "vitest";
import { pickLocale } from "~/i18n/locale";
import { en } from "~/i18n/messages/en";
import { pl } from "~/i18n/messages/pl";
import { translator } from "~/i18n/translate";

describe("admin translations", () => {
  it("has every English message in Polish, none empty", () => {
    expect(Object.keys(pl).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(pl)) expect(JSON.stringify(value), key).not.toBe('""');
  });
  it.each([
    [1, "1 próba"],
    [3, "3 próby"],
    [5, "5 prób"],
    [22, "22 próby"],
  ])("uses Polish plural forms (%i)", (count, text) => {
    expect(translator("pl")("home.errors.attempts", { count })).toBe(text);
  });
  it("fills placeholders", () => {
    expect(translator("en")("home.install.shop", { shop: "a.myshopify.com" })).toBe("Store: a.myshopify.com");
  });
  it.each([
    [["pl-PL"], "pl"],
    [[null, "pl;q=0.9"], "pl"],
    [["de", "en-US"], "en"],
    [[], "en"],
  ])("picks the merchant's language from %j", (candidates, locale) => {
    expect(pickLocale(candidates)).toBe(locale);
  });
});
