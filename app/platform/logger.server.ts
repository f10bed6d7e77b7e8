// Structured logging (pino). Child loggers carry shop, topic, webhookId and jobId on every line.
import pino from "pino";
import { env } from "./env.server";

let root: pino.Logger | undefined;

export function logger(): pino.Logger {
  root ??= pino({
    level: env().LOG_LEVEL,
    base: { app: "aftercare" },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  return root;
}

export function log(bindings: Record<string, unknown> = {}): pino.Logger {
  return Object.keys(bindings).length ? logger().child(bindings) : logger();
}
