// The Message rows of the scheduler benchmark (scheduler.ts), written by one INSERT … SELECT per
// step on either dialect, so that 1M rows take seconds, not minutes. Row i is a pure function of i
// (no randomness), and idOf(i) gives its id in JS, so the benchmark can pick rows without reading them.

/** Shops the rows are spread over. */
const SHOPS = 200;
export const DAY_S = 86_400;

/** Seconds since the epoch when the run started: planned rows are due from an hour after it. */
export const START_S = Math.floor(Date.now() / 1000);
/** The creation time behind the first id (ids are time-ordered, like the app's orderedId). */
export const ID_BASE_MS = (START_S - 120 * DAY_S) * 1000;

/**
 * Rows are numbered i = 1, 2, …; every fifth is history, the rest are planned, so N planned rows
 * are rows 1 … N × 5/4. Order o = ⌈i/2⌉ has two messages (delivery follow-up, cross-sell).
 */
export const rowsFor = (planned: number) => (planned * 5) / 4;
export const isHistory = (i: number) => i % 5 === 0;
/** A multiplicative hash of i (Knuth's constant): exact in doubles and bigints up to i ≈ 3 million. */
export const HASH = 2654435761;

/** The id of row i, exactly as the seeding SQL writes it. */
export function idOf(i: number): string {
  return (ID_BASE_MS + i * 37).toString(16).padStart(12, "0") + "000000" + (i * HASH).toString(16).padStart(14, "0");
}

/**
 * The INSERT … SELECT that adds rows from+1 … to, for either dialect: `ts` turns seconds since the
 * epoch (and milliseconds) into the column's form, `id` writes idOf(i).
 */
export function seedInsert(from: number, to: number, d: "sqlite" | "postgresql"): string {
  const ts = (seconds: string, ms = "0") =>
    d === "sqlite"
      ? `(strftime('%Y-%m-%dT%H:%M:%S', ${seconds}, 'unixepoch') || printf('.%03d', ${ms}) || '+00:00')`
      : `(to_timestamp((${seconds}) + (${ms}) / 1000.0) AT TIME ZONE 'UTC')`;
  const id =
    d === "sqlite"
      ? `printf('%012x000000%014x', ${ID_BASE_MS} + i * 37, h)`
      : `lpad(to_hex(${ID_BASE_MS} + i * 37), 12, '0') || '000000' || lpad(to_hex(h), 14, '0')`;
  const numbers =
    d === "sqlite"
      ? `WITH RECURSIVE s(i) AS (SELECT ${from + 1} UNION ALL SELECT i + 1 FROM s WHERE i < ${to})`
      : `WITH s(i) AS (SELECT generate_series(${from + 1}::bigint, ${to}::bigint))`;
  const sent = `(i % 5 = 0 AND i % 25 <> 0)`;
  const cancelled = `(i % 25 = 0)`;
  const flow = `CASE WHEN i % 2 = 1 THEN 'delivery_follow_up' ELSE 'cross_sell' END`;
  const order = `'gid://shopify/Order/' || (6000000000 + o)`;
  return `${numbers},
    r AS (SELECT i, (i + 1) / 2 AS o, i * ${HASH} AS h FROM s),
    t AS (SELECT i, o, h, ((o * 31) % 100000) AS c,
      CASE WHEN i % 5 = 0 THEN ${START_S} - 3600 - h % (90 * ${DAY_S}) ELSE ${START_S} + 3600 + h % (30 * ${DAY_S}) END AS send
      FROM r)
    INSERT INTO "Message" ("id", "shop", "key", "flow", "category", "orderGid", "customerGid", "email", "locale", "items",
      "dueAt", "sendAt", "status", "reason", "attempts", "claimedAt", "sendingAt", "sentAt", "subject", "createdAt", "updatedAt")
    SELECT ${id},
      'shop-' || ((o * 7919) % ${SHOPS}) || '.myshopify.com',
      ${flow} || ':' || ${order},
      ${flow},
      CASE WHEN i % 2 = 1 THEN 'transactional' ELSE 'marketing' END,
      ${order},
      'gid://shopify/Customer/' || (7000000000 + c),
      'customer' || c || '@example.com',
      CASE o % 10 WHEN 0 THEN 'pl' WHEN 1 THEN 'de' ELSE 'en' END,
      '["gid://shopify/LineItem/' || (o * 10 + 1) || '","gid://shopify/LineItem/' || (o * 10 + 2) || '"]',
      CASE WHEN i % 5 = 0 THEN ${ts("send", "h % 1000")} ELSE ${ts(`send - ((h / 1000) % 3) * 3600`, "h % 1000")} END,
      ${ts("send", "h % 1000")},
      CASE WHEN ${cancelled} THEN 'cancelled' WHEN ${sent} THEN 'sent' ELSE 'planned' END,
      CASE WHEN ${cancelled} THEN 'order_refunded' END,
      CASE WHEN ${sent} THEN 1 ELSE 0 END,
      CASE WHEN ${sent} THEN ${ts("send", "h % 1000")} END,
      CASE WHEN ${sent} THEN ${ts("send + 1", "h % 1000")} END,
      CASE WHEN ${sent} THEN ${ts("send + 2", "h % 1000")} END,
      CASE WHEN ${sent} THEN 'How is your order #' || (1000 + o) || '?' END,
      CASE WHEN i % 5 = 0 THEN ${ts(`send - ${DAY_S}`)} ELSE ${ts(`${START_S} - h % (14 * ${DAY_S})`)} END,
      CASE WHEN ${sent} THEN ${ts("send + 2", "h % 1000")} WHEN i % 5 = 0 THEN ${ts("send")}
        ELSE ${ts(`${START_S} - h % (14 * ${DAY_S})`)} END
    FROM t`;
}
