// Renders documents (streaming, bots get the full page) and adds Shopify's document headers.
// It also exports the runtime entry points scripts/serve.mjs, scripts/worker.mjs and
// scripts/background.mjs use, so the web server, the worker, the background thread and Remix share
// one module graph.
import { PassThrough } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { env } from "./platform/env.server";
import { allowFrameAncestors } from "./platform/frame-ancestors";
import { addDocumentResponseHeaders } from "./shopify.server";

export { runtime } from "./runtime.server";
export { runWorker } from "./worker.server";
export { runBackground } from "./background/thread.server";

const ABORT_DELAY = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  allowFrameAncestors(responseHeaders, env().SHOPIFY_ADMIN_FRAME_ORIGINS);
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}
