// The messaging forms' validation errors in the merchant's language: zod's issues (from the settings,
// flow, template, care-link and cross-sell-rule schemas) become one message per field. Pure.
import type { ZodIssue } from "zod";
import type { Translate } from "~/i18n/translate";
import { TEMPLATE_VARIABLES } from "./types";

/** Field name (with the caller's prefix, e.g. "template.pl.subject") → what is wrong with it. */
export type FieldErrors = Record<string, string>;

const URL_FIELDS = new Set(["url", "logoUrl", "contactUrl"]);
const TARGET_FIELDS = new Set(["targetGid", "sourceGid"]);
const TEMPLATE_FIELDS = new Set(["subject", "heading", "body"]);

function variablesIn(message: string): string {
  return [...message.matchAll(/\{\{[^}]*\}\}/g)].map((m) => m[0]).join(", ");
}

function issueText(issue: ZodIssue, field: string, t: Translate): string {
  switch (issue.code) {
    case "too_small":
      if (issue.type === "string") return t("messaging.error.required");
      if (issue.type === "array") return t(field === "productGids" ? "messaging.error.pickProducts" : "messaging.error.required");
      return t("messaging.error.min", { min: Number(issue.minimum) });
    case "too_big":
      if (field === "quietDays") return t("messaging.error.quietDays");
      if (issue.type === "string") return t("messaging.error.tooLong", { max: Number(issue.maximum) });
      if (issue.type === "array") return t("messaging.error.tooMany", { max: Number(issue.maximum) });
      return t("messaging.error.max", { max: Number(issue.maximum) });
    case "invalid_type":
      return t(issue.expected === "number" ? "messaging.error.number" : "messaging.error.required");
    case "invalid_string":
      if (issue.validation === "email") return t("messaging.error.email");
      if (issue.validation === "url") return t("messaging.error.url");
      if (field === "accentColor") return t("messaging.error.colour");
      if (field === "productGids") return t("messaging.error.pickProducts");
      return t("messaging.error.invalid");
    case "invalid_enum_value":
      return t("messaging.error.choose");
    case "invalid_union":
      return field === "discountPercent" ? t("messaging.error.percent") : t("messaging.error.invalid");
    case "custom":
      if (TEMPLATE_FIELDS.has(field)) {
        return t("messaging.error.unknownVariable", {
          variables: variablesIn(issue.message) || issue.message,
          known: TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(", "),
        });
      }
      if (field === "windowEnd") return t("messaging.error.windowOrder");
      if (field === "url") return t("messaging.error.https");
      if (URL_FIELDS.has(field)) return t("messaging.error.url");
      if (TARGET_FIELDS.has(field)) return t("messaging.error.pickTarget");
      if (field === "productGids") return t("messaging.error.notItself");
      return t("messaging.error.invalid");
    default:
      return t("messaging.error.invalid");
  }
}

/** The first problem of each field, translated; `prefix` names the fields of a nested form ("template.pl."). */
export function fieldErrors(issues: ZodIssue[], t: Translate, prefix = ""): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "form");
    const key = `${prefix}${field}`;
    if (!(key in out)) out[key] = issueText(issue, field, t);
  }
  return out;
}
