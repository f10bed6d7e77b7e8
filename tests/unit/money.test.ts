import { describe, expect, it } from "vitest";
import { toMinorUnits } from "~/orders/money";

describe("toMinorUnits", () => {
  it.each([
    ["388.00", "PLN", 38800],
    ["0.1", "USD", 10],
    ["19.99", "EUR", 1999],
    ["1500", "JPY", 1500],
    ["-5.50", "PLN", -550],
    ["12.345", "KWD", 12345],
  ])("%s %s → %i", (amount, currency, minor) => {
    expect(toMinorUnits(amount, currency)).toBe(minor);
  });

  it("refuses amounts it cannot represent exactly", () => {
    expect(() => toMinorUnits("1.005", "PLN")).toThrow(/precision/);
    expect(() => toMinorUnits("abc", "PLN")).toThrow(/decimal/);
  });
});
