// Production web server (`npm start`): the raw webhook ingestion path first — Shopify's hottest
// traffic never enters Remix — then static assets and the Remix app. In the embedded default it
// also runs the job runner; with REDIS_URL it only serves and enqueues (`npm run worker` runs jobs).
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import express from "express";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const build = await import(pathToFileURL(path.join(root, "build/server/index.js")).href);
const { runtime: getRuntime } = build.entry.module;

let rt;
try {
  rt = await getRuntime();
} catch (error) {
  console.error(error.name === "ConfigError" ? error.message : error);
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV ?? "production" }));

const server = http.createServer((req, res) => {
  if (req.url === "/webhooks" || req.url?.startsWith("/webhooks?") || req.url?.startsWith("/webhooks/")) {
    rt.ingest(req, res).catch((error) => {
      rt.log.error({ err: error }, "webhook ingestion crashed");
      if (!res.headersSent) res.writeHead(500).end("Internal error");
    });
    return;
  }
  app(req, res);
});
server.keepAliveTimeout = 65_000;

server.listen(rt.env.PORT, rt.env.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : rt.env.PORT;
  rt.log.info({ port, jobs: rt.jobs.driver, role: rt.env.PROCESS_ROLE, database: rt.env.databaseKind }, `Aftercare listening on http://${rt.env.HOST}:${port}`);
});

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  rt.log.info({ signal }, "shutting down");
  server.close();
  await rt.close();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
