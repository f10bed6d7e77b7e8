// `npm run db:migrate`: applies pending migrations to DATABASE_URL (SQLite or PostgreSQL).
// The server also does this at start-up; run it on its own before rolling out several instances.
import { migrate } from "../app/platform/migrate.server";

const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
const applied = await migrate(url);
console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
