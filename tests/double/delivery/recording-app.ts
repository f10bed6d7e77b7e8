// A tiny local http server standing in for the app: records every request and answers with
// statuses a test scripts, so delivery behaviour can be observed from the receiving side.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { readText } from "../../../app/platform/request-body";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface RecordingApp {
  url: string;
  requests: RecordedRequest[];
  /** Statuses answered in turn; the last one repeats. */
  respondWith(...statuses: number[]): void;
  /** Replaces the default answer entirely. */
  handle(fn: (req: RecordedRequest) => { status: number; headers?: Record<string, string>; body?: string }): void;
  close(): Promise<void>;
}

export async function startRecordingApp(): Promise<RecordingApp> {
  const requests: RecordedRequest[] = [];
  let statuses = [200];
  let handler: ((req: RecordedRequest) => { status: number; headers?: Record<string, string>; body?: string }) | null = null;
  const server = createServer(async (req, res) => {
    const recorded = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: await readText(req),
      at: Date.now(),
    };
    requests.push(recorded);
    if (handler) {
      const answer = handler(recorded);
      res.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? "");
      return;
    }
    const status = statuses.length > 1 ? (statuses.shift() as number) : statuses[0];
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith: (...next) => {
      statuses = next;
    },
    handle: (fn) => {
      handler = fn;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
