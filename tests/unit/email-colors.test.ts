// The email palette: a merchant's accent colour gets readable text, and nothing but #rrggbb reaches the CSS.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_ACCENT,
  NEAR_BLACK,
  WHITE,
  contrastRatio,
  linkColor,
  normalizeAccent,
  palette,
  textOn,
  tint,
} from "~/messaging/email/colors";

describe("email colours", () => {
  it("computes WCAG contrast", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#777777")).toBe(1);
    expect(contrastRatio(palette.muted, palette.card)).toBeGreaterThanOrEqual(4.5);
  });

  it.each([
    ["#ffd400", NEAR_BLACK], // yellow
    ["#7fdbff", NEAR_BLACK], // light blue
    ["#1a4d2e", WHITE], // forest green
    ["#2c6ecb", WHITE], // mid blue
    ["#e60023", WHITE], // red
  ])("puts readable text on %s", (accent, expected) => {
    expect(textOn(accent)).toBe(expected);
    expect(contrastRatio(textOn(accent), accent)).toBeGreaterThanOrEqual(4.5);
  });

  it("uses the accent for links only where it reads on white", () => {
    expect(linkColor("#1a4d2e")).toBe("#1a4d2e");
    expect(linkColor("#ffd400")).toBe(palette.text);
  });

  it.each(["red", "#fff", "#12345g", "#123456; background:url(x)", "", null])("replaces %j with the default accent", (value) => {
    expect(normalizeAccent(value)).toBe(DEFAULT_ACCENT);
  });

  it("mixes with white for tinted panels", () => {
    expect(tint("#000000", 0)).toBe("#ffffff");
    expect(tint("#1a4d2e", 1)).toBe("#1a4d2e");
    expect(contrastRatio(palette.text, tint("#1a4d2e", 0.1))).toBeGreaterThanOrEqual(7);
  });
});
