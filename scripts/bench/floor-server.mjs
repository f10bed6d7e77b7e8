// The floor for `npm run bench:webhooks`: a bare Node server that only reads the body and checks
// the HMAC, then answers 200 — no storage at all. Nothing that stores a webhook can beat it.
import crypto from "node:crypto";
import http from "node:http";

const secret = process.env.SHOPIFY_API_SECRET;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const expected = crypto.createHmac("sha256", secret).update(body).digest();
    const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
    const ok = given.length === expected.length && crypto.timingSafeEqual(given, expected);
    res.writeHead(ok ? 200 : 401, { "content-type": "text/plain" }).end(ok ? "ok" : "bad");
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));
