// Structured logging (pino). Child loggers carry shop, topic, webhookId and jobId on every line.
// The level comes from the validated configuration (configureLogger, called by the runtime).
import pino from "pino";

let root: pino.Logger | undefined;

export function configureLogger(level: string) {
  root = pino({ level, base: { app: "aftercare" }, timestamp: pino.stdTimeFunctions.isoTime });
}

export function logger(): pino.Logger {
  if (!root) configureLogger(process.env.LOG_LEVEL ?? "info");
  return root!;
}

export function log(bindings: Record<string, unknown> = {}): pino.Logger {
  return Object.keys(bindings).length ? logger().child(bindings) : logger();
}
