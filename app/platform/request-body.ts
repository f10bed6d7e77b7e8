// Reading a request body with a size bound, for the raw Node handlers (webhook ingestion, the local
// Shopify double). Over the bound the caller answers 413 instead of buffering without limit; the
// rest of an oversized body is read and thrown away (up to a cap) so the client is still there to
// receive the answer rather than seeing its connection reset mid-upload.
import type { IncomingMessage } from "node:http";

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: "too_large" | "aborted" };

/** Past this many bytes of an oversized body, stop reading it and drop the connection. */
const DISCARD_CAP = 64 * 1024 * 1024;

export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    discard(req);
    return Promise.resolve({ ok: false, reason: "too_large" });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (over) return;
      if (size > maxBytes) {
        over = true;
        chunks.length = 0;
        req.off("data", onData);
        discard(req, size);
        resolve({ ok: false, reason: "too_large" });
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => {
      if (!over) resolve({ ok: true, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) });
    });
    req.once("error", () => resolve({ ok: false, reason: "aborted" }));
    req.once("close", () => {
      if (!req.complete && !over) resolve({ ok: false, reason: "aborted" });
    });
  });
}

/** Reads and drops the rest of a body; a body that goes on past the cap loses its connection. */
function discard(req: IncomingMessage, alreadyRead = 0) {
  let read = alreadyRead;
  req.on("data", (chunk: Buffer) => {
    read += chunk.length;
    if (read > DISCARD_CAP) req.destroy();
  });
  req.on("error", () => undefined);
  req.resume();
}

/** The whole body, for trusted local servers (tests' Shopify double) that need no tight bound but a sane one. */
export async function readBytes(req: IncomingMessage, maxBytes = 16 * 1024 * 1024): Promise<Buffer> {
  const result = await readBody(req, maxBytes);
  if (!result.ok) throw new Error(result.reason === "too_large" ? `request body over ${maxBytes} bytes` : "request aborted");
  return result.body;
}

/** The whole body as UTF-8 text (see readBytes). */
export async function readText(req: IncomingMessage, maxBytes?: number): Promise<string> {
  return (await readBytes(req, maxBytes)).toString("utf8");
}
