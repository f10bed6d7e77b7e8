// customers/data_request: the JSON export of everything Aftercare holds about one customer of one
// shop, built from the privacy registry (every table that holds customer data, whole rows). Stored
// payloads and other JSON columns are embedded exactly as stored, never parsed and re-serialised:
// long ids stay exact and a deeply nested payload cannot overflow the serialiser.
import type { Db } from "~/platform/db.server";
import { ruleFor, ruleOrder, type ModelName } from "./rules.server";
import { resolveSubject } from "./subject.server";

export const EXPORT_FORMAT = "aftercare.customer-data-export/1";

/** Tables a reader looks for first; the rest follow in registry order. */
const READING_ORDER: ModelName[] = ["Customer", "Order", "OrderLine", "Fulfillment", "Refund", "AfterSalesEvent"];

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function valueJson(value: unknown, embed: boolean): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  if (embed && typeof value === "string" && isJsonText(value)) return value.trim();
  return JSON.stringify(value);
}

/** One row as a JSON object; `embed` names the fields holding JSON text. */
export function rowJson(row: object, embed: readonly string[] = []): string {
  const fields = Object.entries(row).map(([k, v]) => `${JSON.stringify(k)}:${valueJson(v, embed.includes(k))}`);
  return `{${fields.join(",")}}`;
}

export interface ExportRequest {
  shop: string;
  webhookId: string;
  receivedAt: Date;
  payload: string;
}

export async function buildExport(db: Db, request: ExportRequest, now: Date): Promise<string> {
  const s = await resolveSubject(db, request.shop, request.payload);
  const models = [...READING_ORDER, ...ruleOrder.filter((m) => !READING_ORDER.includes(m))];
  const data: string[] = [];
  const notHeld: Record<string, string> = {};
  for (const model of models) {
    const rule = ruleFor(model).customer;
    if (rule.holds === "nothing") {
      notHeld[model] = rule.because;
      continue;
    }
    const json = rule.json ?? [];
    const rows = await rule.find(db, s);
    data.push(`${JSON.stringify(model)}:[${rows.map((r) => rowJson(r, json)).join(",")}]`);
  }
  const header = {
    format: EXPORT_FORMAT,
    shop: request.shop,
    generatedAt: now.toISOString(),
    request: { webhookId: request.webhookId, receivedAt: request.receivedAt.toISOString() },
    customer: { gid: s.customerGid, emails: s.emails, phones: s.phones, orders: s.orderGids },
  };
  const head = JSON.stringify(header);
  return `${head.slice(0, -1)},"data":{${data.join(",")}},"notHeld":${JSON.stringify(notHeld)}}`;
}
