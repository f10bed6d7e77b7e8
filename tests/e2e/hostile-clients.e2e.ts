// The built server (`npm start`) against what a fuzzer or a slow client sends: malformed Host headers and
// absolute-form targets are answered 400 or served, never a 500 with a stack trace; a refused exit-iframe
// destination is a 400; a client trickling its request is cut off; shutdown does not wait on open connections.
// The server runs with HTTP_REQUEST_TIMEOUT_MS=3000 (headers 1 s, shutdown grace 0.5 s) to keep this fast.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, repoRoot, startAppProcess, type AppProcess } from "../support/app-process";
import { freePort } from "../support/stack";

const REQUEST_TIMEOUT_MS = 3_000;
const HEADERS_TIMEOUT_MS = REQUEST_TIMEOUT_MS / 3;
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

let app: AppProcess;
let port: number;
let dataDir: string;

beforeAll(async () => {
  await ensureBuilt();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-hostile-"));
  port = await freePort();
  app = startAppProcess({
    logFile: path.join(dataDir, "app.log"),
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      SHOPIFY_API_KEY: "hostile-key",
      SHOPIFY_API_SECRET: "hostile-secret",
      SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: `file:${path.join(dataDir, "app.sqlite")}`,
      LOG_LEVEL: "warn",
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    },
  });
  await app.waitHealthy();
}, 120_000);

afterAll(async () => {
  await app?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface RawExchange {
  /** Everything the server sent before the connection ended. */
  response: string;
  status: number | null;
  body: string;
}

/** Sends bytes exactly as given (fetch would fix the Host header and the target) and reads to the end. */
function raw(request: string): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let response = "";
    socket.on("data", (d: Buffer) => (response += d.toString("latin1")));
    socket.once("error", reject);
    socket.once("close", () => {
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(response);
      resolve({ response, status: status ? Number(status[1]) : null, body: response.slice(response.indexOf("\r\n\r\n") + 4) });
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer within 10 s to ${JSON.stringify(request)}`)));
    // Not end(): a client's half-close makes Node drop a response that is still being prepared.
    socket.write(request);
  });
}

/** What must never reach a client: stack frames or paths on this machine. */
function leaks(text: string): string[] {
  return [/\bat .+:\d+:\d+/, new RegExp(repoRoot.replace(/[/.]/g, "\\$&")), /node_modules/, /"stack"/]
    .filter((p) => p.test(text))
    .map(String);
}

describe("requests Remix cannot parse", () => {
  it.each([
    ["an unterminated IPv6 literal", "[bad"],
    ["a path in the Host", "example.com/evil"],
    ["a port out of range", "example.com:99999"],
    ["spaces", "exa mple.com"],
  ])("answers a Host header with %s with a plain-text 400", async (_, host) => {
    const exchange = await raw(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect(exchange.status).toBe(400);
    expect(exchange.response).toMatch(/content-type: text\/plain/i);
    expect(exchange.body).toContain("Host");
    expect(leaks(exchange.response)).toEqual([]);
  });

  it("answers a request without any Host header (HTTP/1.0) with a plain-text 400", async () => {
    const exchange = await raw("GET /healthz HTTP/1.0\r\n\r\n");
    expect(exchange.status).toBe(400);
    expect(exchange.body).toContain("missing Host header");
  });

  it("answers a malformed X-Forwarded-Host with a 400 instead of a 500", async () => {
    const exchange = await raw(
      `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Forwarded-Host: example.com:-1\r\nConnection: close\r\n\r\n`,
    );
    expect(exchange.status).toBe(400);
    expect(leaks(exchange.response)).toEqual([]);
  });

  it("serves an absolute-form request target as the path it names", async () => {
    const exchange = await raw(`GET http://127.0.0.1:${port}/healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(exchange.status).toBe(200);
    expect(JSON.parse(exchange.body.replace(/^[0-9a-f]+\r\n|\r\n0\r\n\r\n$/g, ""))).toMatchObject({ status: "ok" });
  });

  it("refuses absolute-form targets it cannot serve without a 500", async () => {
    for (const target of ["http://x/", "https://[::1/", "ftp://example.com/", "*"]) {
      const exchange = await raw(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
      expect({ target, ok: exchange.status !== null && exchange.status < 500 }).toEqual({ target, ok: true });
      expect(leaks(exchange.response)).toEqual([]);
    }
  });

  it("runs Remix in production mode by default: an error answer carries no stack or file path", async () => {
    // In development mode Remix answers this with the router's stack trace and file paths.
    const response = await fetch(`${app.url}/?_data=${encodeURIComponent("routes/no-such-route")}`, { headers: { "user-agent": BROWSER } });
    expect(response.status).toBe(403);
    expect(leaks(await response.text())).toEqual([]);
  });

  it("answers a refused exit-iframe destination with a plain-text 400", async () => {
    const destination = encodeURIComponent("https://evil.example/phish");
    const response = await fetch(`${app.url}/auth/exit-iframe?shop=aftercare-demo.myshopify.com&exitIframe=${destination}`, {
      headers: { "user-agent": BROWSER },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const body = await response.text();
    expect(body).toMatch(/^Refused/);
    expect(leaks(body)).toEqual([]);
  });
});

/** Opens a connection, sends `head`, then one byte of `drip` every `everyMs` until the server hangs up. */
function trickle(head: string, drip: string, everyMs: number): Promise<{ closedAfterMs: number; response: string; bytesSent: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, "127.0.0.1");
    let response = "";
    let sent = 0;
    socket.on("data", (d: Buffer) => (response += d.toString()));
    socket.on("error", () => {});
    socket.write(head);
    const timer = setInterval(() => {
      if (socket.destroyed || sent >= drip.length) return;
      socket.write(drip[sent++]);
    }, everyMs);
    socket.once("close", () => {
      clearInterval(timer);
      resolve({ closedAfterMs: Date.now() - started, response, bytesSent: sent });
    });
    // A server that never cuts it off fails the test instead of hanging it.
    setTimeout(() => socket.destroy(), 15_000).unref();
  });
}

describe("slow clients", () => {
  it("cuts off a client that trickles its request body", async () => {
    const body = "{".padEnd(400, " ");
    const head = `POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nX-Shopify-Hmac-Sha256: x\r\n\r\n`;
    const result = await trickle(head, body, 100);
    // Still sending when cut: 400 bytes at one per 100 ms would take 40 s.
    expect(result.bytesSent).toBeLessThan(body.length);
    expect(result.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(result.closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2_000);
    expect(result.response).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("cuts off a client that trickles its headers", async () => {
    const headers = "X-Slow: " + "a".repeat(400);
    const result = await trickle(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`, headers, 50);
    expect(result.bytesSent).toBeLessThan(headers.length);
    expect(result.closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
    expect(result.closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + 2_000);
  });
});

describe("shutdown", () => {
  it("does not wait for idle keep-alive connections or a request still arriving", async () => {
    // An idle keep-alive connection, as browsers and load balancers leave them.
    const idle = net.connect(port, "127.0.0.1");
    await new Promise<void>((resolve) => {
      idle.on("data", (d: Buffer) => d.toString().includes("\r\n\r\n") && resolve());
      idle.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`);
    });
    idle.on("error", () => {});
    // And a request whose body is still on its way.
    const arriving = trickle(
      `POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 100\r\n\r\n`,
      "{".padEnd(100, " "),
      200,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));

    const started = Date.now();
    await app.stop();
    // Well before the open request's own deadline (3 s) and the test harness's SIGKILL (5 s).
    expect(Date.now() - started).toBeLessThan(2_500);
    expect((await arriving).closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS);
    expect(idle.destroyed || idle.readableEnded).toBe(true);
  });
});
