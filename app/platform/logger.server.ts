// Structured logging (pino). Child loggers carry shop, topic, webhookId and jobId on every line.
// The level comes from the validated configuration (configureLogger, called by the runtime).
// Errors are logged by type, code, message and stack, each bounded: an error can quote a payload
// field of a megabyte, and a log line per attempt must not.
import pino from "pino";
import { excerpt } from "./errors";

let root: pino.Logger | undefined;

function serializeError(error: unknown) {
  if (!(error instanceof Error)) return { message: excerpt(String(error), 1_000) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
    message: excerpt(error.message, 1_000),
    stack: error.stack ? excerpt(error.stack, 4_000) : undefined,
  };
}

export function configureLogger(level: string) {
  root = pino({
    level,
    base: { app: "aftercare" },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: serializeError },
  });
}

export function logger(): pino.Logger {
  if (!root) configureLogger(process.env.LOG_LEVEL ?? "info");
  return root!;
}

export function log(bindings: Record<string, unknown> = {}): pino.Logger {
  return Object.keys(bindings).length ? logger().child(bindings) : logger();
}
