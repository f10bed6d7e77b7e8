// Atomic writes for projections of Shopify resources. Webhooks arrive out of order and more than
// once, and jobs run concurrently, so "read the stored row, compare, then write" lets an older
// update land after a newer one (or a duplicate collide). Here the check is part of the write —
// INSERT … ON CONFLICT DO UPDATE … WHERE stored.version <= incoming.version, or ON CONFLICT DO
// NOTHING — one statement, atomic on SQLite and PostgreSQL alike.
import type { Db } from "./db.server";
import { orderedId } from "./ids";
import { sqlOf } from "./sql.server";

export type Row = Record<string, unknown>;

export interface NewerWinsWrite {
  table: string;
  /** The unique columns that identify the resource (e.g. shop + GID). */
  conflict: string[];
  /** The resource's own version column (Shopify's updated_at). */
  version: string;
  /** Every column of a new row, fallbacks applied (NOT NULL columns need a value). */
  insert: Row;
  /**
   * Columns a newer version replaces. A null here keeps what is stored (the payload did not say),
   * except for columns listed in `nullMeans`, where null is itself the news (e.g. unfulfilled).
   */
  update: Row;
  nullMeans?: string[];
}

const quote = (column: string) => `"${column}"`;

/** Writes the row if nothing newer is stored; true when this version is now the stored one. */
export async function writeIfNewer(db: Db, w: NewerWinsWrite, now: Date): Promise<boolean> {
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return "?";
  };
  const insert: Row = { id: orderedId(), ...w.insert, createdAt: now, updatedAt: now };
  const columns = Object.keys(insert);
  const values = columns.map((c) => bind(insert[c]));
  const table = quote(w.table);
  const nullMeans = new Set(w.nullMeans ?? []);
  const sets = Object.entries(w.update).map(([c, v]) =>
    nullMeans.has(c) ? `${quote(c)} = ${bind(v)}` : `${quote(c)} = COALESCE(${bind(v)}, ${table}.${quote(c)})`,
  );
  sets.push(`${quote(w.version)} = excluded.${quote(w.version)}`, `"updatedAt" = excluded."updatedAt"`);
  const sql =
    `INSERT INTO ${table} (${columns.map(quote).join(", ")}) VALUES (${values.join(", ")}) ` +
    `ON CONFLICT (${w.conflict.map(quote).join(", ")}) DO UPDATE SET ${sets.join(", ")} ` +
    `WHERE ${table}.${quote(w.version)} <= excluded.${quote(w.version)}`;
  return (await sqlOf(db).run(sql, params)) === 1;
}

export interface ChildRowsWrite {
  table: string;
  conflict: string[];
  rows: Row[];
  /** Columns a stored row takes from the incoming one. */
  update: string[];
  /** The parent whose version these rows belong to: rows change only while it holds `version`. */
  parent: { table: string; where: Row; version: string; value: Date };
}

/**
 * Writes a resource's child rows (an order's lines) only while the parent still holds the version
 * they came with: a newer parent written meanwhile keeps its own children. Lines are only ever
 * added to a Shopify order, so an older version inserting a line the newer one also has is harmless.
 */
export async function writeChildrenOfVersion(db: Db, w: ChildRowsWrite): Promise<void> {
  if (!w.rows.length) return;
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return "?";
  };
  const rows = w.rows.map((r): Row => ({ id: orderedId(), ...r }));
  const columns = Object.keys(rows[0]);
  const values = rows.map((r) => `(${columns.map((c) => bind(r[c])).join(", ")})`);
  const parentWhere = Object.entries(w.parent.where).map(([c, v]) => `p.${quote(c)} = ${bind(v)}`);
  parentWhere.push(`p.${quote(w.parent.version)} = ${bind(w.parent.value)}`);
  const sets = w.update.map((c) => `${quote(c)} = excluded.${quote(c)}`);
  const sql =
    `INSERT INTO ${quote(w.table)} (${columns.map(quote).join(", ")}) VALUES ${values.join(", ")} ` +
    `ON CONFLICT (${w.conflict.map(quote).join(", ")}) DO UPDATE SET ${sets.join(", ")} ` +
    `WHERE EXISTS (SELECT 1 FROM ${quote(w.parent.table)} p WHERE ${parentWhere.join(" AND ")})`;
  await sqlOf(db).run(sql, params);
}

/** Inserts the row unless one with the same unique key exists; true when it was inserted. */
export async function insertIfAbsent(db: Db, table: string, conflict: string[], row: Row): Promise<boolean> {
  const withId: Row = { id: orderedId(), ...row };
  const columns = Object.keys(withId);
  const sql =
    `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) VALUES (${columns.map(() => "?").join(", ")}) ` +
    `ON CONFLICT (${conflict.map(quote).join(", ")}) DO NOTHING`;
  return (
    (await sqlOf(db).run(
      sql,
      columns.map((c) => withId[c]),
    )) === 1
  );
}

export interface ManyNewerWinsWrite {
  table: string;
  conflict: string[];
  version: string;
  /** Every column of each row (all rows have the same columns). */
  rows: Row[];
  /** Columns where a stored value stands once set (e.g. a delivery already decided). */
  keepStored?: string[];
  /** Columns where null is news and replaces what is stored. */
  nullMeans?: string[];
  /** Columns to return for the rows this write inserted or updated (the versions that won). */
  returning: string[];
}

/** Rows per multi-row statement: small enough for any parameter limit, large enough to amortise a statement. */
const ROWS_PER_STATEMENT = 128;

/**
 * Splits `count` rows into statement sizes from a small fixed set (128, then 64, 32, … 1 for the
 * rest), so a bulk write prepares a handful of distinct statements, each reused, instead of one
 * per batch size (prepared statements are cached, and each costs memory).
 */
export function statementSizes(count: number): number[] {
  const sizes: number[] = [];
  let left = count;
  while (left >= ROWS_PER_STATEMENT) {
    sizes.push(ROWS_PER_STATEMENT);
    left -= ROWS_PER_STATEMENT;
  }
  for (let size = ROWS_PER_STATEMENT / 2; size >= 1; size /= 2) {
    if (left >= size) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
}

/** Consecutive slices of `rows` in the sizes statementSizes gives. */
export function rowChunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  let from = 0;
  for (const size of statementSizes(rows.length)) {
    out.push(rows.slice(from, from + size));
    from += size;
  }
  return out;
}

/**
 * writeIfNewer for many rows at once, as statements for Sql.batch: each row is inserted, or replaces
 * the stored one when its version is not older; RETURNING names the rows whose version won.
 */
export function upsertManyIfNewer(w: ManyNewerWinsWrite, now: Date): { sql: string; args: unknown[] }[] {
  if (!w.rows.length) return [];
  const columns = ["id", ...Object.keys(w.rows[0]), "createdAt", "updatedAt"];
  const out: { sql: string; args: unknown[] }[] = [];
  for (const chunk of rowChunks(w.rows)) {
    const args: unknown[] = [];
    for (const r of chunk) {
      const row: Row = { id: orderedId(), ...r, createdAt: now, updatedAt: now };
      for (const c of columns) args.push(row[c]);
    }
    out.push({ sql: upsertText(w, columns, chunk.length), args });
  }
  return out;
}

/** Statement texts by shape: built once, so a bulk write does not rebuild kilobytes of SQL per statement. */
const texts = new Map<string, string>();

function cachedText(key: string, build: () => string): string {
  let text = texts.get(key);
  if (text === undefined) {
    text = build();
    if (texts.size < 1_000) texts.set(key, text);
  }
  return text;
}

function upsertText(w: ManyNewerWinsWrite, columns: string[], rows: number): string {
  const key = JSON.stringify(["upsert", w.table, w.conflict, w.version, w.keepStored, w.nullMeans, w.returning, columns, rows]);
  return cachedText(key, () => {
    const table = quote(w.table);
    const keep = new Set(w.keepStored ?? []);
    const nullMeans = new Set(w.nullMeans ?? []);
    const skip = new Set([...w.conflict, "id", "createdAt", w.version]);
    const sets = columns
      .filter((c) => !skip.has(c))
      .map((c) => {
        const incoming = `excluded.${quote(c)}`;
        const stored = `${table}.${quote(c)}`;
        if (keep.has(c)) return `${quote(c)} = COALESCE(${stored}, ${incoming})`;
        if (nullMeans.has(c) || c === "updatedAt") return `${quote(c)} = ${incoming}`;
        return `${quote(c)} = COALESCE(${incoming}, ${stored})`;
      });
    sets.push(`${quote(w.version)} = excluded.${quote(w.version)}`);
    return (
      `INSERT INTO ${table} (${columns.map(quote).join(", ")}) VALUES ${valuesText(columns.length, rows)} ` +
      `ON CONFLICT (${w.conflict.map(quote).join(", ")}) DO UPDATE SET ${sets.join(", ")} ` +
      `WHERE ${table}.${quote(w.version)} <= excluded.${quote(w.version)} RETURNING ${w.returning.map(quote).join(", ")}`
    );
  });
}

/** `(?, ?, …), (?, ?, …)`: `rows` groups of `columns` placeholders. */
export function valuesText(columns: number, rows: number): string {
  const one = `(${Array.from({ length: columns }, () => "?").join(", ")})`;
  return Array.from({ length: rows }, () => one).join(", ");
}

/** Inserts the rows that are not stored yet (by the unique columns), as statements for Sql.batch. */
export function insertManyIfAbsent(table: string, conflict: string[], rows: Row[]): { sql: string; args: unknown[] }[] {
  if (!rows.length) return [];
  const columns = ["id", ...Object.keys(rows[0])];
  const out: { sql: string; args: unknown[] }[] = [];
  for (const chunk of rowChunks(rows)) {
    const args: unknown[] = [];
    for (const r of chunk) {
      const row: Row = { id: orderedId(), ...r };
      for (const c of columns) args.push(row[c]);
    }
    const key = JSON.stringify(["insert", table, conflict, columns, chunk.length]);
    const sql = cachedText(
      key,
      () =>
        `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) VALUES ${valuesText(columns.length, chunk.length)} ` +
        `ON CONFLICT (${conflict.map(quote).join(", ")}) DO NOTHING`,
    );
    out.push({ sql, args });
  }
  return out;
}
