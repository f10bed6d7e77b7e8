// Metaobjects as Shopify checks them: the standard definition templates `standardMetaobjectDefinitionEnable`
// enables (the restricted `product_review` one), and the validation of a metaobjectUpsert's fields against a
// definition, with the userError fields, codes and keys Shopify reports. Pure functions over records; the
// store keeps the definitions and entries.
import { fieldValueProblem, type ExistsCheck } from "./field-types";
import type { MetaobjectDefinitionRecord, MetaobjectFieldDefinitionRecord, MetaobjectRecord } from "./store-types";

/** The MetaobjectUserErrorCode values the double reports. */
export type MetaobjectProblemCode =
  | "BLANK"
  | "TAKEN"
  | "INVALID_VALUE"
  | "DUPLICATE_FIELD_INPUT"
  | "UNDEFINED_OBJECT_TYPE"
  | "UNDEFINED_OBJECT_FIELD"
  | "OBJECT_FIELD_REQUIRED"
  | "RECORD_NOT_FOUND"
  | "CAPABILITY_NOT_ENABLED";

/** One MetaobjectUserError. */
export interface MetaobjectProblem {
  field: string[] | null;
  message: string;
  code: MetaobjectProblemCode;
  elementKey: string | null;
  elementIndex: number | null;
}

export interface StandardMetaobjectTemplate {
  name: string;
  description: string;
  displayNameKey: string | null;
  publishable: boolean;
  fieldDefinitions: MetaobjectFieldDefinitionRecord[];
}

/** The type Shopify reserves for product reviews syndicated to the Shop app. */
export const PRODUCT_REVIEW_TYPE = "product_review";

/** What an app answers for how it verified a review's author (the `app_verification_status` field's choices). */
export const REVIEW_VERIFICATION_CHOICES = ["verified_buyer", "verified_reviewer", "unverified"] as const;

const field = (
  key: string,
  name: string,
  type: string,
  options: { required?: boolean; validations?: MetaobjectFieldDefinitionRecord["validations"] } = {},
): MetaobjectFieldDefinitionRecord => ({
  key,
  name,
  description: null,
  type,
  required: options.required ?? false,
  validations: options.validations ?? [],
});

/**
 * Standard metaobject definitions by type. `product_review` follows "Standard product review metaobject
 * definition" (https://shopify.dev/docs/apps/build/custom-data/metaobjects/standard-review-metaobject) and the
 * list of standard definitions (https://shopify.dev/docs/apps/build/metaobjects/list-of-standard-definitions):
 * rating, submitted_at and source are required. The stored copy of that list ends at Language;
 * `app_verification_status` (verified_buyer / verified_reviewer / unverified) is what approved review apps
 * write after it. Shopify publishes neither the display-name field nor a scale for the rating field: the
 * double shows the title and checks each rating against the scale it carries.
 */
export const STANDARD_METAOBJECT_TEMPLATES: Record<string, StandardMetaobjectTemplate> = {
  [PRODUCT_REVIEW_TYPE]: {
    name: "Product Review",
    description: "Stores and manages product reviews, including ratings, review content, and associated metadata.",
    displayNameKey: "title",
    publishable: true,
    fieldDefinitions: [
      field("rating", "Rating", "rating", { required: true }),
      field("title", "Title", "single_line_text_field"),
      field("body", "Body", "multi_line_text_field"),
      field("submitted_at", "Submitted At", "date_time", { required: true }),
      field("edited_at", "Edited At", "date_time"),
      field("published_at", "Published At", "date_time"),
      field("source", "Source", "single_line_text_field", { required: true }),
      field("author", "Author", "customer_reference"),
      field("author_display_name", "Author display name", "single_line_text_field"),
      field("order", "Order", "order_reference"),
      field("product", "Product", "product_reference"),
      field("product_variant", "Product Variant", "variant_reference"),
      field("merchant_reply", "Merchant Reply", "multi_line_text_field"),
      field("merchant_replied_at", "Merchant Replied At", "date_time"),
      field("media_urls", "Media URLs", "list.url"),
      field("language", "Language", "single_line_text_field"),
      field("app_verification_status", "App Verification Status", "single_line_text_field", {
        validations: [{ name: "choices", type: "json", value: JSON.stringify(REVIEW_VERIFICATION_CHOICES) }],
      }),
    ],
  },
};

const problem = (
  field: string[] | null,
  code: MetaobjectProblemCode,
  message: string,
  extra: { elementKey?: string | null; elementIndex?: number | null } = {},
): MetaobjectProblem => ({ field, code, message, elementKey: extra.elementKey ?? null, elementIndex: extra.elementIndex ?? null });

function choicesProblem(definition: MetaobjectFieldDefinitionRecord, value: string): string | null {
  const choices = definition.validations.find((v) => v.name === "choices");
  if (!choices) return null;
  const allowed = JSON.parse(choices.value) as string[];
  return allowed.includes(value) ? null : `Value does not exist in provided choices: ${allowed.join(", ")}.`;
}

/**
 * The field values an upsert leaves a metaobject with (`existing`'s values with the inputs applied: an empty
 * value clears a field), or the problems that refuse it. Unknown keys, repeated keys and invalid values are
 * reported at the input's index; a required field left without a value at the metaobject.
 */
export function applyFieldInputs(
  definition: MetaobjectDefinitionRecord,
  existing: MetaobjectRecord | null,
  inputs: { key: string; value: string }[],
  exists: ExistsCheck,
): { fields: Record<string, string>; problems: MetaobjectProblem[] } {
  const fields: Record<string, string> = { ...(existing?.fields ?? {}) };
  const problems: MetaobjectProblem[] = [];
  const seen = new Set<string>();
  inputs.forEach(({ key, value }, index) => {
    const at = ["metaobject", "fields", String(index)];
    if (!key.trim()) {
      problems.push(problem([...at, "key"], "BLANK", "Key can't be blank", { elementIndex: index }));
      return;
    }
    if (seen.has(key)) {
      problems.push(problem(at, "DUPLICATE_FIELD_INPUT", `Field "${key}" duplicates other inputs`, { elementKey: key }));
      return;
    }
    seen.add(key);
    const fieldDefinition = definition.fieldDefinitions.find((f) => f.key === key);
    if (!fieldDefinition) {
      problems.push(problem(at, "UNDEFINED_OBJECT_FIELD", `Field definition "${key}" does not exist`, { elementKey: key }));
      return;
    }
    if (value === "") {
      delete fields[key];
      return;
    }
    const invalid = fieldValueProblem(fieldDefinition.type, value, exists) ?? choicesProblem(fieldDefinition, value);
    if (invalid) {
      problems.push(problem(at, "INVALID_VALUE", invalid, { elementKey: key }));
      return;
    }
    fields[key] = value;
  });
  for (const fieldDefinition of definition.fieldDefinitions) {
    if (
      fieldDefinition.required &&
      fields[fieldDefinition.key] === undefined &&
      !problems.some((p) => p.elementKey === fieldDefinition.key)
    )
      problems.push(
        problem(["metaobject"], "OBJECT_FIELD_REQUIRED", `${fieldDefinition.name} can't be blank`, { elementKey: fieldDefinition.key }),
      );
  }
  return { fields, problems };
}

/** The entry's display name: its display-name field's value, else its handle in words ("review-42" → "Review 42"). */
export function metaobjectDisplayName(definition: MetaobjectDefinitionRecord | null, metaobject: MetaobjectRecord): string {
  const named = definition?.displayNameKey ? metaobject.fields[definition.displayNameKey] : undefined;
  if (named) return named;
  return metaobject.handle
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(" ");
}

export { problem as metaobjectProblem };
