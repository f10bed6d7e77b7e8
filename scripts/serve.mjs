// Production web server (`npm start`): the raw webhook ingestion path first — Shopify's hottest
// traffic never enters Remix — then static assets and the Remix app. In the embedded default it
// also runs the job runner; with REDIS_URL it only serves and enqueues (`npm run worker` runs jobs).
// It also owns the process's edges: readable start-up failures (no build, bad configuration, port
// taken), requests Remix must never see (bad Host, absolute-form targets), HTTP deadlines for slow
// clients, answers without stack traces, and a shutdown that cannot hang.
//
// HTTP_REQUEST_TIMEOUT_MS (default 60000) is the time a client has to send a whole request; the
// headers must arrive within a third of it (20 s), and on shutdown connections get a sixth (10 s)
// to finish. No real client comes near these; tests set it low to prove a trickling client is cut off.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// Before anything that reads it loads (express, React, Remix read NODE_ENV once): without it Remix
// runs in development mode, and its error pages carry stack traces and file paths.
process.env.NODE_ENV ??= "production";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const serverBuild = path.join(root, "build/server/index.js");

/** Start-up problems are the operator's to fix, not bugs: one readable message, no stack trace. */
function fail(message) {
  console.error(message);
  process.exit(1);
}

const timeouts = httpTimeouts(process.env.HTTP_REQUEST_TIMEOUT_MS);
if (!fs.existsSync(serverBuild)) {
  fail(`Aftercare is not built (${path.relative(process.cwd(), serverBuild) || serverBuild} is missing): run \`npm run build\` first.`);
}
const { express, createRequestHandler } = await loadDependencies();
const build = await loadBuild();
const { runtime: getRuntime } = build.entry.module;

let rt;
try {
  // On the embedded default, jobs and the inbox relay run in a worker thread of their own.
  rt = await getRuntime({ backgroundEntry: pathToFileURL(path.join(root, "scripts/background.mjs")) });
} catch (error) {
  if (error?.name === "ConfigError") fail(configMessage(error));
  throw error;
}

const app = express();
app.disable("x-powered-by");
app.use(sayWhyOnError);
app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));
// Whatever escapes Remix (or express itself) is logged in full and answered without any detail.
// A client's mistake that express or a middleware noticed (a path that is not valid
// percent-encoding, a body it cannot read) keeps its 4xx.
app.use((error, req, res, _next) => {
  const status = Number(error?.status ?? error?.statusCode);
  const clientError = status >= 400 && status < 500;
  if (clientError) rt.log.info({ status, method: req.method, url: req.originalUrl, reason: error.message }, "request refused");
  else rt.log.error({ err: error, method: req.method, url: req.originalUrl }, "request failed");
  if (res.headersSent) req.socket.destroy();
  else if (clientError)
    res
      .status(status)
      .type("text/plain")
      .send(`${status} ${http.STATUS_CODES[status] ?? "Bad request"}\n`);
  else res.status(500).type("text/plain").send("Internal error");
});

const server = http.createServer({ connectionsCheckingInterval: timeouts.checkEvery }, (req, res) => {
  const refusal = refuseOrNormalise(req);
  if (refusal) {
    res.writeHead(400, { "content-type": "text/plain; charset=utf-8", connection: "close" }).end(`Bad request: ${refusal}\n`);
    return;
  }
  if (req.url === "/webhooks" || req.url.startsWith("/webhooks?") || req.url.startsWith("/webhooks/")) {
    rt.ingest(req, res).catch((error) => {
      rt.log.error({ err: error }, "webhook ingestion crashed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("Internal error");
    });
    return;
  }
  app(req, res);
});
// Requests Node's parser refuses (malformed HTTP, oversized headers, too slow) get Node's status
// with a line of text instead of a bare status line.
server.on("clientError", (error, socket) => {
  if (error.code === "ECONNRESET" || !socket.writable || socket._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, text] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request header fields too large"]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request timeout: the request did not arrive in time"]
        : [400, "Bad request: malformed HTTP"];
  const body = `${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
});
server.requestTimeout = timeouts.request;
server.headersTimeout = timeouts.headers;
// Longer than the idle timeout of the load balancers in front of it, so they close first.
server.keepAliveTimeout = 65_000;

server.once("error", async (error) => {
  const { PORT: port, HOST: host } = rt.env;
  const messages = {
    EADDRINUSE: `Port ${port} is already in use on ${host}: stop whatever is listening there, or set PORT to a free port (e.g. PORT=${port + 1} npm start).`,
    EACCES: `Port ${port} needs privileges this user does not have: set PORT to a port above 1023 (e.g. PORT=3000).`,
    EADDRNOTAVAIL: `HOST=${host} is not an address of this machine: set HOST to one of its addresses (or 0.0.0.0 for all).`,
  };
  console.error(messages[error.code] ?? `Aftercare could not listen on ${host}:${port}: ${error.message}`);
  await withDeadline(rt.close(), 5_000).catch(() => {});
  process.exit(1);
});
server.listen(rt.env.PORT, rt.env.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : rt.env.PORT;
  rt.log.info(
    { port, jobs: rt.jobs.driver, role: rt.env.PROCESS_ROLE, database: rt.env.databaseKind },
    `Aftercare listening on http://${rt.env.HOST}:${port}`,
  );
});

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  rt.log.info({ signal }, "shutting down");
  const closed = new Promise((resolve) => server.close(resolve));
  // Idle keep-alive connections would hold server.close() open until the client hangs up.
  server.closeIdleConnections();
  const cutOff = setTimeout(() => {
    rt.log.warn({ afterMs: timeouts.shutdownGrace }, "closing connections still open at shutdown");
    server.closeAllConnections();
  }, timeouts.shutdownGrace);
  await closed;
  clearTimeout(cutOff);
  try {
    // Running jobs finish first; one that hangs must not keep a deploy waiting forever.
    await withDeadline(rt.close(), 30_000);
    process.exit(0);
  } catch (error) {
    rt.log.error({ err: error }, "did not stop cleanly");
    process.exit(1);
  }
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
// A closed terminal: stop as cleanly as on Ctrl-C instead of dying mid-request.
process.on("SIGHUP", shutdown);

async function loadDependencies() {
  try {
    const [{ default: expressModule }, remixExpress] = await Promise.all([import("express"), import("@remix-run/express")]);
    return { express: expressModule, createRequestHandler: remixExpress.createRequestHandler };
  } catch (error) {
    if (error?.code === "ERR_MODULE_NOT_FOUND")
      fail(`Aftercare's dependencies are not installed (${error.message.split("\n")[0]}): run \`npm install\` first.`);
    throw error;
  }
}

async function loadBuild() {
  try {
    // The configuration is validated while the bundle loads (the Shopify library is configured at import).
    return await import(pathToFileURL(serverBuild).href);
  } catch (error) {
    if (error?.name === "ConfigError") fail(configMessage(error));
    throw error;
  }
}

function configMessage(error) {
  return `Aftercare cannot start. ${error.message}\nSet these environment variables (README, "Configuration") and start it again.`;
}

function httpTimeouts(raw) {
  const request = raw === undefined || raw === "" ? 60_000 : Number(raw);
  if (!Number.isInteger(request) || request < 100)
    fail(`Invalid configuration:\n  - HTTP_REQUEST_TIMEOUT_MS must be a whole number of milliseconds, at least 100 (got "${raw}")`);
  const headers = Math.round(request / 3);
  return {
    request,
    headers,
    shutdownGrace: Math.round(request / 6),
    // Node checks the deadlines on this interval (30 s by default, which would let a slow client stay well past them).
    checkEvery: Math.min(2_000, Math.max(50, Math.round(headers / 4))),
  };
}

/**
 * Some refusals come without a word (the Shopify library's 401 for a bad session token, a 400
 * for a request Remix cannot build): a 4xx or 5xx that ends with no body gets its status text as
 * plain text, so every answer says something. Headers such as App Bridge's retry signal stay.
 */
function sayWhyOnError(req, res, next) {
  let wrote = false;
  const write = res.write;
  res.write = function (...args) {
    wrote = true;
    return write.apply(this, args);
  };
  const end = res.end;
  res.end = function (chunk, ...rest) {
    const empty = !wrote && (chunk === undefined || chunk === null || (typeof chunk !== "function" && chunk.length === 0));
    if (empty && res.statusCode >= 400 && req.method !== "HEAD" && !res.headersSent) {
      const text = `${res.statusCode} ${http.STATUS_CODES[res.statusCode] ?? "Error"}\n`;
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.setHeader("content-length", Buffer.byteLength(text));
      return end.call(this, text, ...(typeof chunk === "function" ? [chunk] : rest.filter((a) => typeof a === "function")));
    }
    return end.call(this, chunk, ...rest);
  };
  next();
}

function withDeadline(promise, ms) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still not done after ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

// host[:port] — a DNS name (a fully qualified one may end in a dot) or IPv4 address, or a bracketed IPv6 address.
const HOST_VALUE = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9.])?)(?::(\d{1,5}))?$/;

function validHost(value) {
  const match = HOST_VALUE.exec(value);
  if (!match || (match[1] !== undefined && Number(match[1]) > 65_535)) return false;
  try {
    new URL(`http://${value}/`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Remix builds each request's URL from the Host header and the target, and throws on anything it
 * cannot parse: check both here. An absolute-form target (`GET http://host/path`, meant for proxies)
 * is rewritten to the origin form with its authority as the Host, as RFC 9112 §3.2.2 asks of a server.
 * Returns why the request is refused, or nothing.
 */
function refuseOrNormalise(req) {
  if (!req.url.startsWith("/")) {
    if (!/^https?:\/\//i.test(req.url)) return "the request target must be a path";
    let target;
    try {
      target = new URL(req.url);
    } catch {
      return "malformed request target";
    }
    if (!target.host || target.username || target.password) return "malformed request target";
    req.url = `${target.pathname}${target.search}`;
    req.headers.host = target.host;
  } else {
    const hostHeaders = req.rawHeaders.filter((_, i) => i % 2 === 0 && /^host$/i.test(req.rawHeaders[i]));
    if (hostHeaders.length !== 1) return hostHeaders.length ? "more than one Host header" : "missing Host header";
  }
  if (typeof req.headers.host !== "string" || !validHost(req.headers.host)) return "malformed Host header";
  const forwarded = req.headers["x-forwarded-host"];
  if (
    forwarded !== undefined &&
    !String(forwarded)
      .split(",")
      .every((h) => validHost(h.trim()))
  )
    return "malformed X-Forwarded-Host header";
  return undefined;
}
