// node-postgres pools for the hot paths on PostgreSQL (the webhook inbox, job claims, projection
// writes), beside Prisma's own: a statement goes to the server as it is, without Prisma's query
// compiler. Values cross the boundary the way Prisma stores them: a DateTime is a `timestamp(3)`
// without time zone holding UTC, so Dates are sent and read as UTC whatever the process's zone.
import pg from "pg";

/** A Date as the UTC text a `timestamp` column holds. */
export function pgTimestamp(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "");
}

/** What node-postgres should send for an app value (Dates as UTC text; the rest as they are). */
export function pgArg(v: unknown): unknown {
  if (v instanceof Date) return pgTimestamp(v);
  return v === undefined ? null : v;
}

const TIMESTAMP_OID = 1114;

/** `timestamp` read as UTC (node-postgres would read it in the process's local zone). */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP_OID && format !== "binary") return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export function openPgPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, types });
  // An idle client losing its connection (a server restart) must not crash the process; the pool
  // drops it and the next query opens a new one.
  pool.on("error", () => undefined);
  return pool;
}
