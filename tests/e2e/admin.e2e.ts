// The merchant opens Aftercare inside (the double's) Shopify admin: the built app renders its overview in
// the iframe with a real session token, shows the shop it is installed in and the webhooks the shop's
// orders produced, and speaks Polish when Shopify asks for it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousA11yViolations, useBrowser, visibleText } from "../support/browser";
import { liveOrderStory } from "../support/demo-orders";
import { appIframeUrl, mintIdToken } from "../support/shopify";
import { appFrame, serveAppBridgeLocally } from "../support/admin-frame";
import { startStack, type Stack } from "../support/stack";

const browser = useBrowser();
let stack: Stack;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-admin-"));
  stack = await startStack({ dataDir, appLogLevel: "warn" });
  liveOrderStory(stack.store, stack.shop, stack.customer.id);
  await stack.settle();
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("Aftercare in Shopify admin", () => {
  it("shows the overview in the admin iframe with the install and the webhooks the shop's orders sent", async () => {
    const page = await browser.newPage();
    await serveAppBridgeLocally(page, stack.urls.double);
    const response = await page.goto(stack.urls.admin);
    expect(response?.status()).toBe(200);

    const frame = await appFrame(page);
    await frame.getByRole("heading", { name: "Overview", level: 1 }).waitFor();
    expect(new URL(frame.url()).origin).toBe(stack.urls.app);
    expect(visibleText(await frame.getByText(`Store: ${stack.shop}`).textContent())).toBe(`Store: ${stack.shop}`);
    await frame.getByText(/^Installed on /).waitFor();

    await frame.getByRole("table").waitFor();
    const cells = await frame.evaluate(() =>
      Array.from(document.querySelectorAll("table tbody tr")).map((tr) =>
        Array.from(tr.children).map((cell) => cell.textContent?.trim() ?? ""),
      ),
    );
    // Topic → total (the last column).
    const rows = Object.fromEntries(cells.map((row) => [row[0], Number(row.at(-1))]));
    // liveOrderStory placed three paid orders, shipped two and delivered one.
    expect(rows["orders/create"]).toBe(3);
    expect(rows["orders/paid"]).toBe(3);
    expect(rows["fulfillments/create"]).toBe(2);

    // App Bridge hands the page a real session token for this shop, and the app accepts it on a data request.
    const session = await frame.evaluate(async () => {
      const shopify = (window as unknown as { shopify: { idToken(): Promise<string> } }).shopify;
      const token = await shopify.idToken();
      const data = await fetch("/app?_data=routes%2Fapp._index");
      return { token, status: data.status, body: (await data.json()) as { shop?: string } };
    });
    const claims = JSON.parse(Buffer.from(session.token.split(".")[1], "base64url").toString()) as { dest: string; aud: string };
    expect(claims).toMatchObject({ dest: `https://${stack.shop}`, aud: stack.apiKey });
    expect(session.status).toBe(200);
    expect(session.body.shop).toBe(stack.shop);

    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await seriousA11yViolations(frame)).toEqual([]);
  });

  it("speaks Polish when Shopify opens it with locale=pl", async () => {
    const page = await browser.newPage({ locale: "pl-PL" });
    await serveAppBridgeLocally(page, stack.urls.double);
    // The URL Shopify admin loads in the iframe for a merchant whose admin is in Polish.
    const url = new URL(
      appIframeUrl({
        appUrl: stack.urls.app,
        appPath: "/app",
        shop: stack.shop,
        idToken: await mintIdToken({ apiKey: stack.apiKey, apiSecret: stack.apiSecret, shop: stack.shop }),
      }),
    );
    url.searchParams.set("locale", "pl");
    const response = await page.goto(url.href);
    expect(response?.status()).toBe(200);
    await page.getByRole("heading", { name: "Przegląd", level: 1 }).waitFor();
    expect(visibleText(await page.getByText(`Sklep: ${stack.shop}`).textContent())).toBe(`Sklep: ${stack.shop}`);
    await page.getByRole("heading", { name: "Zdarzenia otrzymane z Shopify" }).waitFor();
    expect(await page.getByRole("columnheader", { name: "Przetworzone" }).count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
