// Atomic writes for projections of Shopify resources. Webhooks arrive out of order and more than
// once, and jobs run concurrently, so "read the stored row, compare, then write" lets an older
// update land after a newer one (or a duplicate collide). Here the check is part of the write —
// INSERT … ON CONFLICT DO UPDATE … WHERE stored.version <= incoming.version, or ON CONFLICT DO
// NOTHING — one statement, atomic on SQLite and PostgreSQL alike.
import crypto from "node:crypto";
import type { Db } from "./db.server";
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
  const insert: Row = { id: crypto.randomUUID(), ...w.insert, createdAt: now, updatedAt: now };
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
  const rows = w.rows.map((r): Row => ({ id: crypto.randomUUID(), ...r }));
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
  const withId: Row = { id: crypto.randomUUID(), ...row };
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
