// Shopify's own linter over the theme app extension, with the config Shopify applies to app
// extensions (no {% javascript %}/{% include %} in blocks, asset budgets, translations, schemas).
import path from "node:path";
import { themeCheckRun } from "@shopify/theme-check-node";
import { describe, expect, it } from "vitest";

const extensionDir = path.resolve(__dirname, "../../extensions/aftercare-theme");

describe("theme app extension passes Theme Check", () => {
  it("reports no offenses", async () => {
    const { offenses, config } = await themeCheckRun(extensionDir, undefined, () => {});
    const report = offenses.map(
      (offense) =>
        `${path.relative(extensionDir, new URL(offense.uri).pathname)}:${offense.start.line + 1} ` +
        `[${offense.check}] ${offense.message}`,
    );
    if (report.length) console.error(`Theme Check offenses:\n${report.join("\n")}`);
    expect(config.context).toBe("app");
    expect(report).toEqual([]);
  });
});
