// Browser-test plumbing shared by the e2e files: Debian's Chromium through playwright-core, one browser
// per file, a fresh context per page, axe-core checks, and a screenshot in test-results/ when a test fails.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium, type Browser, type BrowserContextOptions, type Frame, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { repoRoot } from "./app-process";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// A merchant's desktop Chrome: the Shopify library answers 410 to user agents that look like bots, and
// "HeadlessChrome" does.
const DESKTOP_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";
const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const resultsDir = path.join(repoRoot, "test-results");

export interface BrowserFixture {
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/** Registers the file's browser hooks; pages opened in a test are screenshotted if it fails, then closed. */
export function useBrowser(): BrowserFixture {
  let browser: Browser | undefined;
  const open: Page[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  });
  afterEach(async (context) => {
    const failed = context.task.result?.state === "fail";
    for (const [index, page] of open.entries()) {
      if (failed) {
        fs.mkdirSync(resultsDir, { recursive: true });
        const name = `${path.basename(context.task.file?.name ?? "e2e", ".e2e.ts")}-${context.task.name}`
          .replace(/[^\w.-]+/g, "-")
          .slice(0, 120);
        await page.screenshot({ path: path.join(resultsDir, `${name}-${index + 1}.png`), fullPage: true }).catch(() => {});
      }
      await page
        .context()
        .close()
        .catch(() => {});
    }
    open.length = 0;
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async newPage(options) {
      if (!browser) throw new Error("the browser is not running (useBrowser() must be called at the top of the test file)");
      const context = await browser.newContext({ timezoneId: "Europe/Warsaw", userAgent: DESKTOP_CHROME, ...options });
      const page = await context.newPage();
      open.push(page);
      return page;
    },
  };
}

/** axe-core's serious and critical violations on a page or frame, as readable lines (empty when none). */
export async function seriousA11yViolations(target: Page | Frame): Promise<string[]> {
  await target.addScriptTag({ path: axeSource });
  return target.evaluate(async () => {
    type Result = { violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> };
    const axe = (window as unknown as { axe: { run: () => Promise<Result> } }).axe;
    const { violations } = await axe.run();
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map(
        (v) =>
          `${v.impact} ${v.id}: ${v.help} (${v.nodes
            .map((n) => JSON.stringify(n.target))
            .slice(0, 3)
            .join(", ")})`,
      );
  });
}

/** Text as a reader sees it: whitespace (including Intl's no-break spaces) collapsed. */
export function visibleText(text: string | null): string {
  return (text ?? "").replace(/\s+/g, " ").trim();
}
