// Storefront performance budget: the JavaScript every block loads stays at or under 6 KB gzipped
// (Shopify's hard limit for app blocks is 10 KB; ours is tighter).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { listBlocks, parseBlockSchema } from "../support/shopify/storefront";

const extensionDir = path.resolve(__dirname, "../../extensions/aftercare-theme");
const BUDGET_BYTES = 6 * 1024;

async function scriptsOf(block: string): Promise<string[]> {
  const source = await readFile(path.join(extensionDir, "blocks", `${block}.liquid`), "utf8");
  const schema = parseBlockSchema(source, block);
  const tagged = [...source.matchAll(/['"]([\w.-]+\.js)['"]\s*\|\s*asset_url/g)].map((match) => match[1]);
  return [...new Set([...(schema.javascript ? [schema.javascript] : []), ...tagged])];
}

const blocks = await listBlocks(extensionDir);

describe("block JavaScript budget", () => {
  it("the extension has blocks to check", () => {
    expect(blocks).toEqual(expect.arrayContaining(["order-care", "loyalty", "loyalty-launcher", "reviews", "reviews-badge"]));
  });

  it.each(blocks)("%s loads at most 6 KB of gzipped JavaScript", async (block) => {
    let total = 0;
    for (const script of await scriptsOf(block)) {
      total += gzipSync(await readFile(path.join(extensionDir, "assets", script)), { level: 9 }).length;
    }
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
