// What Theme Check's offline schemas do not catch in an app block's `{% schema %}`: where the
// block may be placed (a section, or the body for an app embed) and whether its setting defaults
// are values the theme editor accepts.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { listBlocks, parseBlockSchema } from "../support/shopify/storefront";

const extensionDir = path.resolve(__dirname, "../../extensions/aftercare-theme");

// Template types Shopify accepts in `enabled_on.templates` / `disabled_on.templates`.
const TEMPLATES = new Set([
  "*",
  "404",
  "article",
  "blog",
  "captcha",
  "cart",
  "collection",
  "customers/account",
  "customers/activate_account",
  "customers/addresses",
  "customers/login",
  "customers/order",
  "customers/register",
  "customers/reset_password",
  "gift_card",
  "index",
  "list-collections",
  "metaobject",
  "page",
  "password",
  "product",
  "search",
]);

const rangeSetting = z.object({ min: z.number(), max: z.number(), step: z.number().positive(), default: z.number() });
const selectSetting = z.object({ options: z.array(z.object({ value: z.string(), label: z.string() })).min(1), default: z.string() });

const blocks = await listBlocks(extensionDir);

describe.each(blocks)("block %s schema", (block) => {
  const schema = async () => parseBlockSchema(await readFile(path.join(extensionDir, "blocks", `${block}.liquid`), "utf8"), block);

  it("is enabled only on template types Shopify knows", async () => {
    const templates = (await schema()).enabled_on?.templates ?? [];
    expect(templates.filter((template) => !TEMPLATES.has(template))).toEqual([]);
  });

  it("gives every range setting a default inside its bounds, on a step", async () => {
    for (const setting of (await schema()).settings.filter((s) => s.type === "range")) {
      const { min, max, step, default: value } = rangeSetting.parse(setting);
      expect(value, setting.id).toBeGreaterThanOrEqual(min);
      expect(value, setting.id).toBeLessThanOrEqual(max);
      expect((value - min) % step, setting.id).toBe(0);
    }
  });

  it("gives every select setting a default among its options", async () => {
    for (const setting of (await schema()).settings.filter((s) => s.type === "select")) {
      const { options, default: value } = selectSetting.parse(setting);
      expect(
        options.map((o) => o.value),
        setting.id,
      ).toContain(value);
    }
  });

  it("is an app block in a section, or an app embed on the page's body", async () => {
    const { target } = await schema();
    expect(["section", "body"]).toContain(target);
  });

  it("has unique setting ids", async () => {
    const ids = (await schema()).settings.flatMap((setting) => (setting.id ? [setting.id] : []));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
