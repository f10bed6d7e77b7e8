// The demo stack's history import as a test sees it: the latest import's row in the app's database.
import { createClient } from "@libsql/client";
import { waitForValue } from "./wait";

export interface ImportState {
  status: string;
  ordersImported: number;
  customersImported: number;
}

export async function latestImport(databaseFile: string): Promise<ImportState | null> {
  const db = createClient({ url: `file:${databaseFile}` });
  try {
    const { rows } = await db.execute(
      `SELECT "status", "ordersImported", "customersImported" FROM "Backfill" ORDER BY "startedAt" DESC LIMIT 1`,
    );
    const row = rows[0];
    return row
      ? { status: String(row.status), ordersImported: Number(row.ordersImported), customersImported: Number(row.customersImported) }
      : null;
  } finally {
    db.close();
  }
}

/** Waits until the import the install started has completed (it fails the test if it failed). */
export async function historyImported(databaseFile: string, timeoutMs = 60_000): Promise<ImportState> {
  const state = await waitForValue(
    async () => {
      const s = await latestImport(databaseFile);
      return s && s.status !== "exporting" && s.status !== "importing" ? s : null;
    },
    timeoutMs,
    200,
    "the history import",
  );
  if (state.status !== "completed") throw new Error(`the history import ended ${state.status}`);
  return state;
}
