// Applies the checked-in Prisma migration folders (prisma/migrations for SQLite,
// prisma/postgres/migrations for PostgreSQL) in order, recording them in Prisma's own
// `_prisma_migrations` table so `prisma migrate deploy` and this runner agree on what is applied.
// It exists because Prisma's schema engine cannot migrate PostgreSQL through a driver adapter offline.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createClient } from "@libsql/client";
import pg from "pg";
import { sqliteUrl } from "./db.server";

export function migrationsDir(databaseUrl: string, root = process.cwd()) {
  return databaseUrl.startsWith("file:") ? path.join(root, "prisma/migrations") : path.join(root, "prisma/postgres/migrations");
}

function listMigrations(dir: string) {
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;
const PG_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

/** Applies pending migrations; returns the names it applied. Safe to call from several processes. */
export async function migrate(databaseUrl: string, root = process.cwd()): Promise<string[]> {
  const migrations = listMigrations(migrationsDir(databaseUrl, root));
  const applied: string[] = [];
  if (databaseUrl.startsWith("file:")) {
    const file = sqliteUrl(databaseUrl).slice("file:".length);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const client = createClient({ url: sqliteUrl(databaseUrl) });
    try {
      await client.execute("PRAGMA busy_timeout=5000");
      await client.execute(SQLITE_TABLE);
      for (const m of migrations) {
        const done = await client.execute({
          sql: `SELECT checksum FROM "_prisma_migrations" WHERE migration_name = ? AND finished_at IS NOT NULL`,
          args: [m.name],
        });
        if (done.rows.length) continue;
        // BEGIN IMMEDIATE takes the write lock; a process that lost the race finds the table made,
        // rolls back, and sees the migration recorded by the winner.
        const record = `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ('${crypto.randomUUID()}', '${m.checksum}', CURRENT_TIMESTAMP, '${m.name.replace(/'/g, "''")}', 1);`;
        try {
          await client.executeMultiple(`BEGIN IMMEDIATE;\n${m.sql}\n${record}\nCOMMIT;`);
        } catch (error) {
          await client.execute("ROLLBACK").catch(() => undefined);
          const recorded = await client.execute({
            sql: `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = ? AND finished_at IS NOT NULL`,
            args: [m.name],
          });
          if (recorded.rows.length) continue;
          throw error;
        }
        applied.push(m.name);
      }
    } finally {
      client.close();
    }
    return applied;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(727274)");
    await client.query(PG_TABLE);
    for (const m of migrations) {
      const done = await client.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL`, [m.name]);
      if (done.rowCount) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
          [crypto.randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      applied.push(m.name);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock(727274)").catch(() => undefined);
    await client.end();
  }
  return applied;
}
