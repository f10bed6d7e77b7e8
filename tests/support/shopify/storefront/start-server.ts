// Serves a chain of listeners on an ephemeral localhost port (first to answer wins, else 404),
// so tests and browsers can reach the storefront without the rest of the double.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Listener } from "./types";

export type RunningServer = { origin: string; server: Server; close: () => Promise<void> };

export async function startServer(listeners: Listener[]): Promise<RunningServer> {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        for (const listener of listeners) if (await listener(req, res)) return;
        res.statusCode = 404;
        res.setHeader("Content-Type", "text/plain; charset=utf-8");
        res.end("Not found");
      } catch (error) {
        res.statusCode = 500;
        res.setHeader("Content-Type", "text/plain; charset=utf-8");
        res.end(error instanceof Error ? (error.stack ?? error.message) : String(error));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
