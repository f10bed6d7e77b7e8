// One error type with a stable code; routes map codes to HTTP statuses and translated messages.
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "NOT_FOUND"
  | "CONFLICT"
  | "SHOP_UNINSTALLED"
  | "SHOPIFY_THROTTLED"
  | "SHOPIFY_UNAVAILABLE"
  | "SHOPIFY_GRAPHQL_ERROR"
  | "MAIL_NOT_CONFIGURED"
  | "MAIL_UNAVAILABLE"
  | "MAIL_REJECTED"
  | "JOB_UNKNOWN";

const statusByCode: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SHOP_UNINSTALLED: 410,
  SHOPIFY_THROTTLED: 503,
  SHOPIFY_UNAVAILABLE: 503,
  SHOPIFY_GRAPHQL_ERROR: 502,
  MAIL_NOT_CONFIGURED: 500,
  MAIL_UNAVAILABLE: 503,
  MAIL_REJECTED: 502,
  JOB_UNKNOWN: 500,
};

export class AppError extends Error {
  constructor(
    public readonly code: AppErrorCode,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }
  get status() {
    return statusByCode[this.code];
  }
  /** Whether retrying the same work later can succeed (outages, throttling). */
  get retryable() {
    return this.code === "SHOPIFY_THROTTLED" || this.code === "SHOPIFY_UNAVAILABLE" || this.code === "MAIL_UNAVAILABLE";
  }
}

/** At most `max` characters of `text`, saying how much was cut: error texts quote input, and input can be megabytes. */
export function excerpt(text: string, max = 300): string {
  if (text.length <= max) return text;
  const note = `… (${text.length - max} more characters)`;
  return text.slice(0, Math.max(0, max - note.length)) + note;
}

/** An error's message, bounded (1,000 characters by default) so it fits a log line or a status column. */
export function errorMessage(error: unknown, max = 1_000): string {
  return excerpt(error instanceof Error ? error.message : String(error), max);
}
