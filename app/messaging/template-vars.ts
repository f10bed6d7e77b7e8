// The merchant's template text: {{variable}} placeholders filled per customer, and checked when a
// template is saved so a typo is reported instead of mailed. Pure.
import { TEMPLATE_VARIABLES, type TemplateCopy, type TemplateVariable } from "./types";

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

export type TemplateValues = Record<TemplateVariable, string>;

/** Fills every known placeholder; an empty value leaves no trace (e.g. "Hi {{first_name}}," → "Hi ,", tidied to "Hi,"). */
export function fill(text: string, values: TemplateValues): string {
  return text
    .replace(PLACEHOLDER, (whole, name: string) =>
      (TEMPLATE_VARIABLES as readonly string[]).includes(name) ? values[name as TemplateVariable] : whole,
    )
    .replace(/ +([,.!?])/g, "$1")
    .replace(/ {2,}/g, " ");
}

export function fillCopy(copy: TemplateCopy, values: TemplateValues): TemplateCopy {
  return { subject: fill(copy.subject, values).trim(), heading: fill(copy.heading, values).trim(), body: fill(copy.body, values).trim() };
}

/** Placeholders in the text that are not variables Aftercare knows. */
export function unknownVariables(text: string): string[] {
  const unknown = new Set<string>();
  for (const [, name] of text.matchAll(PLACEHOLDER)) if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name)) unknown.add(name);
  for (const m of text.matchAll(/\{\{([^}]*)\}\}/g)) if (!/^\s*[a-z_]+\s*$/.test(m[1])) unknown.add(m[1].trim());
  return [...unknown];
}
