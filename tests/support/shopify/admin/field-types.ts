// Shopify's metafield types (metaobject fields use the same ones): whether a value written through the API is
// valid for its type, and the `jsonValue` the API reads it back as. Values always travel as strings; a
// `list.<type>` value is a JSON array of <type> values. https://shopify.dev/docs/apps/build/metafields/list-of-data-types
import { parseGid } from "./ids";

/** Whether a GID names a record that exists (reference types point at real resources). */
export type ExistsCheck = (gid: string) => boolean;

const DECIMAL = /^-?\d+(\.\d+)?$/;
const ISO_DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$/;

function parseJson(value: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch {
    return { ok: false };
  }
}

/**
 * A `rating`: a JSON object `{"value":"4.5","scale_min":"1.0","scale_max":"5.0"}` whose three members are
 * numbers written as strings, the scale going upwards and the value on it. Null when valid, else why not.
 */
export function ratingProblem(rating: unknown): string | null {
  if (typeof rating !== "object" || rating === null || Array.isArray(rating))
    return "Value must be a JSON object with the keys value, scale_min and scale_max.";
  const members = rating as Record<string, unknown>;
  for (const key of ["value", "scale_min", "scale_max"]) {
    if (!(key in members)) return `Value is missing the key ${key}.`;
    const member = members[key];
    if (typeof member !== "string" || !DECIMAL.test(member)) return `Value's ${key} must be a number written as a string, such as "4.5".`;
  }
  const [value, min, max] = [Number(members.value), Number(members.scale_min), Number(members.scale_max)];
  if (min >= max) return "Value's scale_max must be greater than its scale_min.";
  if (value < min || value > max) return `Value must be between ${String(members.scale_min)} and ${String(members.scale_max)}.`;
  return null;
}

const REFERENCE_TYPES: Record<string, { gidType: string; label: string }> = {
  product_reference: { gidType: "Product", label: "product" },
  variant_reference: { gidType: "ProductVariant", label: "product variant" },
  collection_reference: { gidType: "Collection", label: "collection" },
  customer_reference: { gidType: "Customer", label: "customer" },
  order_reference: { gidType: "Order", label: "order" },
  metaobject_reference: { gidType: "Metaobject", label: "metaobject" },
};

type ElementCheck = (element: unknown, exists: ExistsCheck) => string | null;

/** Checks for one value of each scalar type, given as it appears in a list (strings; a rating object). */
const elementChecks: Record<string, ElementCheck> = {
  number_integer: (v) => (typeof v === "string" && /^-?\d+$/.test(v) ? null : "Value must be an integer."),
  number_decimal: (v) => (typeof v === "string" && DECIMAL.test(v) ? null : "Value must be a decimal number."),
  boolean: (v) => (v === "true" || v === "false" ? null : "Value must be true or false."),
  date_time: (v) =>
    typeof v === "string" && ISO_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)) ? null : "Value must be an ISO 8601 date and time.",
  date: (v) => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : "Value must be an ISO 8601 date (YYYY-MM-DD)."),
  single_line_text_field: (v) => (typeof v === "string" && !v.includes("\n") ? null : "Value must be a single line of text."),
  multi_line_text_field: (v) => (typeof v === "string" ? null : "Value must be text."),
  url: (v) =>
    typeof v === "string" && /^(https?|mailto|sms|tel):\S+$/.test(v) ? null : "Value must be a URL (https, http, mailto, sms or tel).",
  rating: (v) => ratingProblem(v),
  ...Object.fromEntries(
    Object.entries(REFERENCE_TYPES).map(([type, { gidType, label }]): [string, ElementCheck] => [
      type,
      (v, exists) =>
        typeof v === "string" && parseGid(v)?.type === gidType && exists(v) ? null : `Value must be the id of an existing ${label}.`,
    ]),
  ),
};

/** Whether `type` is a type the double knows (a scalar type, `json`, or a list of a scalar type). */
export function isKnownFieldType(type: string): boolean {
  if (type === "json") return true;
  const element = type.startsWith("list.") ? type.slice(5) : type;
  return element in elementChecks;
}

/** Null when `value` (as written to the API) is valid for `type`, else the problem; the type must be known. */
export function fieldValueProblem(type: string, value: string, exists: ExistsCheck): string | null {
  if (type === "json") return parseJson(value).ok ? null : "Value is invalid JSON.";
  if (type.startsWith("list.")) {
    const parsed = parseJson(value);
    if (!parsed.ok || !Array.isArray(parsed.value)) return "Value must be a JSON array.";
    const check = elementChecks[type.slice(5)];
    for (const element of parsed.value as unknown[]) {
      const problem = check(element, exists);
      if (problem) return problem.replace(/^Value/, "Each value in the list");
    }
    return null;
  }
  if (type === "rating") {
    const parsed = parseJson(value);
    return parsed.ok ? ratingProblem(parsed.value) : "Value is invalid JSON.";
  }
  return elementChecks[type](value, exists);
}

/** What the API's `jsonValue` reads a stored value as. */
export function fieldJsonValue(type: string, value: string): unknown {
  switch (type) {
    case "number_integer":
      return Number.parseInt(value, 10);
    case "number_decimal":
      return value;
    case "boolean":
      return value === "true";
    case "json":
    case "rating":
      return JSON.parse(value);
    default:
      return type.startsWith("list.") ? JSON.parse(value) : value;
  }
}
