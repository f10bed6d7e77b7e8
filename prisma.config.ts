// Prisma CLI configuration: driver adapters only (no native engines to download).
// The SQLite file used by the CLI follows DATABASE_URL when it is a file: URL.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

const url = process.env.DATABASE_URL?.startsWith("file:") ? process.env.DATABASE_URL : `file:${path.resolve("prisma/dev.sqlite")}`;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaLibSQL({ url }),
  schema: "prisma/schema.prisma",
});
