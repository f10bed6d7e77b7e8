// The rule that turns the SQLite schema into the PostgreSQL one (shared by the generator and its drift test).
export function pgSchemaFrom(sqliteSchema: string): string {
  const header = "// GENERATED from prisma/schema.prisma by scripts/generate-pg-schema.ts — do not edit by hand.\n";
  return (
    header +
    sqliteSchema
      .replace('provider = "sqlite"', 'provider = "postgresql"')
      .replace('url      = "file:dev.sqlite"', 'url      = "postgresql://127.0.0.1:5432/aftercare"')
      .replace('engineType = "client"', 'engineType = "client"\n  output     = "../../node_modules/.prisma/client-pg"')
  );
}
