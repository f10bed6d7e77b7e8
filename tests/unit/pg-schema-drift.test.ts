// The PostgreSQL schema and migrations are generated from the SQLite source of truth
// (`npm run db:pg:generate`); this fails when someone changed one without regenerating.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { pgSchemaFrom } from "../../scripts/pg-schema";

describe("PostgreSQL schema", () => {
  it("matches what the generator makes from prisma/schema.prisma", () => {
    const expected = pgSchemaFrom(fs.readFileSync("prisma/schema.prisma", "utf8"));
    expect(fs.readFileSync("prisma/postgres/schema.prisma", "utf8")).toBe(expected);
  });
  it("has a migration for every SQLite migration, with the same names", () => {
    const dirs = (p: string) =>
      fs
        .readdirSync(p)
        .filter((d) => fs.statSync(`${p}/${d}`).isDirectory())
        .sort();
    expect(dirs("prisma/postgres/migrations")).toEqual(dirs("prisma/migrations"));
    for (const d of dirs("prisma/migrations")) {
      expect(fs.readFileSync(`prisma/postgres/migrations/${d}/migration.sql`, "utf8")).toMatch(/CREATE|ALTER|DROP/);
    }
  });
});
