// Bulk operation result files and the signed URLs that serve them: naming and signing a file, its seven-day
// expiry by the store's clock, and the download itself, answered the way Shopify's storage bucket (Google
// Cloud Storage) answers: byte ranges to resume a download, and XML errors for expired or forged URLs.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { isoUtc } from "./ids";
import type { AdminStore } from "./store";
import type { BulkFileRecord } from "./store-types";

/** Shopify keeps a bulk operation's result (and its URL) for seven days. */
export const BULK_URL_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const DOWNLOAD_PATH = /^\/bulk\/([a-f0-9]{32})\.jsonl$/;

/** A new, still empty result file in `directory`, expiring `BULK_URL_TTL_MS` after `now`. */
export function newBulkFile(directory: string, now: Date): BulkFileRecord {
  const token = randomBytes(16).toString("hex");
  return {
    path: path.join(directory, `${token}.jsonl`),
    token,
    secret: randomBytes(16).toString("hex"),
    expiresAt: isoUtc(new Date(now.getTime() + BULK_URL_TTL_MS)),
    size: 0,
  };
}

function sign(file: BulkFileRecord, expires: string): string {
  return createHmac("sha256", file.secret).update(`${file.token}:${expires}`).digest("hex");
}

/** The signed download URL of a file on the double's own HTTP server. */
export function bulkFileUrl(file: BulkFileRecord, origin: string): string {
  const expires = String(Math.floor(Date.parse(file.expiresAt) / 1000));
  return `${origin.replace(/\/+$/, "")}/bulk/${file.token}.jsonl?expires=${expires}&signature=${sign(file, expires)}`;
}

function findFile(store: AdminStore, token: string): BulkFileRecord | null {
  for (const shop of store.shops()) {
    for (const operation of store.bulkOperations(shop)) {
      if (operation.file?.token === token) return operation.file;
      if (operation.partialFile?.token === token) return operation.partialFile;
    }
  }
  return null;
}

const xml = (code: string, message: string, details?: string) =>
  `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message>${details ? `<Details>${details}</Details>` : ""}</Error>`;

function storageError(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): true {
  res.writeHead(status, {
    "content-type": "application/xml; charset=UTF-8",
    "content-length": String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
  return true;
}

const signaturesMatch = (given: string, expected: string) =>
  given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/** The byte range a `Range` header asks for: null for the whole file, "unsatisfiable" when it lies beyond it. */
function requestedRange(header: string | undefined, size: number): { start: number; end: number } | "unsatisfiable" | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === "" && match[2] === "")) return null;
  let start: number;
  let end: number;
  if (match[1] === "") {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}

/** Serves `GET|HEAD /bulk/<token>.jsonl?expires=…&signature=…`; answers false for any other path. */
export async function serveBulkFile(store: AdminStore, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://double.local");
  const match = DOWNLOAD_PATH.exec(url.pathname);
  if (!match) return false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    return storageError(res, 405, xml("MethodNotAllowed", "The specified method is not allowed against this resource."), {
      allow: "GET, HEAD",
    });
  }
  const file = findFile(store, match[1]);
  if (!file) return storageError(res, 404, xml("NoSuchKey", "The specified key does not exist.", `No such object: ${match[1]}.jsonl`));

  const expires = url.searchParams.get("expires");
  const signature = url.searchParams.get("signature");
  if (!expires || !signature) {
    return storageError(
      res,
      403,
      xml(
        "AccessDenied",
        "Access denied.",
        "Anonymous caller does not have storage.objects.get access to the Google Cloud Storage object.",
      ),
    );
  }
  if (!signaturesMatch(signature, sign(file, expires))) {
    return storageError(
      res,
      403,
      xml(
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. Check your Google secret key and signing method.",
      ),
    );
  }
  const expiresAt = Math.min(Number(expires) * 1000, Date.parse(file.expiresAt));
  if (expiresAt <= store.now().getTime()) {
    const at = new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "+00:00");
    return storageError(res, 403, xml("ExpiredToken", "The provided token has expired.", `Request signature expired at: ${at}`));
  }

  let size: number;
  try {
    size = (await fs.promises.stat(file.path)).size;
  } catch {
    return storageError(res, 404, xml("NoSuchKey", "The specified key does not exist.", `No such object: ${file.token}.jsonl`));
  }
  const range = requestedRange(req.headers.range, size);
  if (range === "unsatisfiable") {
    return storageError(res, 416, xml("InvalidRange", "The requested range cannot be satisfied.", req.headers.range), {
      "content-range": `bytes */${size}`,
    });
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const headers: Record<string, string> = {
    "content-type": "application/jsonl",
    "content-length": String(Math.max(0, end - start + 1)),
    "accept-ranges": "bytes",
    etag: `"${file.token}"`,
    "last-modified": new Date(Date.parse(file.expiresAt) - BULK_URL_TTL_MS).toUTCString(),
    "cache-control": "private, max-age=0",
  };
  if (range) headers["content-range"] = `bytes ${start}-${end}/${size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === "HEAD" || size === 0) {
    res.end();
    return true;
  }
  try {
    await pipeline(fs.createReadStream(file.path, { start, end }), res);
  } catch {
    // The client went away mid-download (a resumable client comes back with a Range header).
    res.destroy();
  }
  return true;
}
