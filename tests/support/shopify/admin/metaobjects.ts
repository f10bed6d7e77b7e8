// GraphQL resolvers for metaobjects (Admin 2025-01): standardMetaobjectDefinitionEnable, metaobjectUpsert,
// metaobjectDelete, and the metaobject / metaobjectByHandle / metaobjects / metaobjectDefinitionByType
// queries, merged into resolvers.ts's map. Scopes: read_/write_metaobjects, read_/write_metaobject_definitions,
// and for Shopify's restricted `product_review` type also read_/write_product_reviews (ACCESS_DENIED without).
import { requireScope } from "./access-scopes";
import { applySearch, paginate, type PageArgs, type SearchFields } from "./connections";
import { fieldJsonValue } from "./field-types";
import { numericIdOf } from "./ids";
import { metaobjectDisplayName, metaobjectProblem, PRODUCT_REVIEW_TYPE, type MetaobjectProblem } from "./metaobject-rules";
import { MetaobjectInputError, StoreError, type AdminStore } from "./store";
import type { MetaobjectDefinitionRecord, MetaobjectFieldDefinitionRecord, MetaobjectRecord } from "./store-types";

/** What these resolvers need of resolvers.ts's AdminContext. */
interface Ctx {
  store: AdminStore;
  shop: string;
  scope: string | null;
}

type Args = Record<string, unknown>;

/** The extra scope a restricted standard type needs on top of read_/write_metaobjects. */
const RESTRICTED_TYPES: Record<string, { read: string; write: string }> = {
  [PRODUCT_REVIEW_TYPE]: { read: "read_product_reviews", write: "write_product_reviews" },
};

/** ACCESS_DENIED unless the token may read (or write) metaobjects of `type`. */
function requireEntryAccess(ctx: Ctx, field: string, mode: "read" | "write", type: string | null): void {
  requireScope(ctx, field, [`${mode}_metaobjects`]);
  const restricted = type === null ? undefined : RESTRICTED_TYPES[type];
  if (restricted) requireScope(ctx, field, [restricted[mode]]);
}

/** A MetaobjectField as the resolvers below read it: the field's definition and its value, if any. */
interface FieldRef {
  definition: MetaobjectFieldDefinitionRecord;
  value: string | null;
}

const definitionOf = (ctx: Ctx, m: MetaobjectRecord): MetaobjectDefinitionRecord | null => ctx.store.metaobjectDefinition(ctx.shop, m.type);

function fieldRef(definition: MetaobjectFieldDefinitionRecord, m: MetaobjectRecord): FieldRef {
  return { definition, value: m.fields[definition.key] ?? null };
}

function metaobjectSearch(definition: MetaobjectDefinitionRecord | null, ctx: Ctx): SearchFields<MetaobjectRecord> {
  const fields: SearchFields<MetaobjectRecord> = {
    id: (m) => numericIdOf(m.id),
    handle: (m) => m.handle,
    display_name: (m) => metaobjectDisplayName(definitionOf(ctx, m), m),
    updated_at: (m) => m.updatedAt,
  };
  for (const f of definition?.fieldDefinitions ?? []) fields[`fields.${f.key}`] = (m) => m.fields[f.key] ?? null;
  return fields;
}

const SORT_KEYS: Record<string, (m: MetaobjectRecord, ctx: Ctx) => string> = {
  id: (m) => numericIdOf(m.id).padStart(20, "0"),
  type: (m) => `${m.type}\u0000${m.handle}`,
  updated_at: (m) => m.updatedAt,
  display_name: (m, ctx) => metaobjectDisplayName(definitionOf(ctx, m), m),
};

function listMetaobjects(ctx: Ctx, type: string, args: PageArgs & { sortKey?: string | null; query?: string | null }) {
  const definition = ctx.store.metaobjectDefinition(ctx.shop, type);
  const found = applySearch(ctx.store.metaobjects(ctx.shop, type), args.query, metaobjectSearch(definition, ctx), (m) =>
    [m.handle, metaobjectDisplayName(definition, m), ...Object.values(m.fields)].join(" "),
  );
  const sortKey = SORT_KEYS[(args.sortKey ?? "id").toLowerCase()] ?? SORT_KEYS.id;
  const keyed = found.map((m) => ({ m, key: sortKey(m, ctx), id: numericIdOf(m.id).padStart(20, "0") }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return paginate(
    keyed.map((k) => k.m),
    args,
    (m) => m.id,
  );
}

function problemsOf(error: unknown): MetaobjectProblem[] {
  if (error instanceof MetaobjectInputError) return error.problems;
  if (error instanceof StoreError)
    return [metaobjectProblem(error.field, error.code === "NOT_FOUND" ? "RECORD_NOT_FOUND" : "INVALID_VALUE", error.message)];
  throw error;
}

interface UpsertInput {
  handle?: string | null;
  fields?: { key: string; value: string }[] | null;
  capabilities?: { publishable?: { status: "ACTIVE" | "DRAFT" } | null } | null;
}

export const metaobjectResolvers = {
  QueryRoot: {
    metaobject: (_: unknown, args: { id: string }, ctx: Ctx) => {
      requireEntryAccess(ctx, "metaobject", "read", null);
      const found = ctx.store.metaobject(ctx.shop, args.id);
      if (found) requireEntryAccess(ctx, "metaobject", "read", found.type);
      return found;
    },
    metaobjectByHandle: (_: unknown, args: { handle: { type: string; handle: string } }, ctx: Ctx) => {
      requireEntryAccess(ctx, "metaobjectByHandle", "read", args.handle.type);
      return ctx.store.metaobjectByHandle(ctx.shop, args.handle.type, args.handle.handle);
    },
    metaobjects: (_: unknown, args: PageArgs & { type: string; sortKey?: string | null; query?: string | null }, ctx: Ctx) => {
      requireEntryAccess(ctx, "metaobjects", "read", args.type);
      return listMetaobjects(ctx, args.type, args);
    },
    metaobjectDefinitionByType: (_: unknown, args: { type: string }, ctx: Ctx) => {
      requireScope(ctx, "metaobjectDefinitionByType", ["read_metaobject_definitions"]);
      return ctx.store.metaobjectDefinition(ctx.shop, args.type);
    },
    metaobjectDefinition: (_: unknown, args: { id: string }, ctx: Ctx) => {
      requireScope(ctx, "metaobjectDefinition", ["read_metaobject_definitions"]);
      return ctx.store.metaobjectDefinitionById(ctx.shop, args.id);
    },
  },

  Mutation: {
    standardMetaobjectDefinitionEnable: (_: unknown, args: { type: string }, ctx: Ctx) => {
      requireScope(ctx, "standardMetaobjectDefinitionEnable", ["write_metaobject_definitions"]);
      const restricted = RESTRICTED_TYPES[args.type];
      if (restricted) requireScope(ctx, "standardMetaobjectDefinitionEnable", [restricted.write]);
      try {
        return { metaobjectDefinition: ctx.store.enableStandardMetaobjectDefinition(ctx.shop, args.type), userErrors: [] };
      } catch (error) {
        return { metaobjectDefinition: null, userErrors: problemsOf(error) };
      }
    },
    metaobjectUpsert: (_: unknown, args: { handle: { type: string; handle: string }; metaobject: UpsertInput }, ctx: Ctx) => {
      requireEntryAccess(ctx, "metaobjectUpsert", "write", args.handle.type);
      const input = args.metaobject;
      try {
        const { metaobject } = ctx.store.upsertMetaobject(ctx.shop, args.handle, {
          handle: input.handle,
          fields: input.fields,
          status: input.capabilities?.publishable?.status ?? null,
        });
        return { metaobject, userErrors: [] };
      } catch (error) {
        return { metaobject: null, userErrors: problemsOf(error) };
      }
    },
    metaobjectDelete: (_: unknown, args: { id: string }, ctx: Ctx) => {
      requireEntryAccess(ctx, "metaobjectDelete", "write", ctx.store.metaobject(ctx.shop, args.id)?.type ?? null);
      try {
        return { deletedId: ctx.store.deleteMetaobject(ctx.shop, args.id), userErrors: [] };
      } catch (error) {
        return { deletedId: null, userErrors: problemsOf(error) };
      }
    },
  },

  Metaobject: {
    displayName: (m: MetaobjectRecord, _: Args, ctx: Ctx) => metaobjectDisplayName(definitionOf(ctx, m), m),
    updatedAt: (m: MetaobjectRecord) => m.updatedAt,
    definition: (m: MetaobjectRecord, _: Args, ctx: Ctx) => definitionOf(ctx, m),
    /** Every field of the definition, in its order; a field without a value reads null. */
    fields: (m: MetaobjectRecord, _: Args, ctx: Ctx): FieldRef[] =>
      (definitionOf(ctx, m)?.fieldDefinitions ?? []).map((definition) => fieldRef(definition, m)),
    /** Null for a key the definition lacks or a field without a value. */
    field: (m: MetaobjectRecord, args: { key: string }, ctx: Ctx): FieldRef | null => {
      const definition = definitionOf(ctx, m)?.fieldDefinitions.find((f) => f.key === args.key);
      return definition && m.fields[args.key] !== undefined ? fieldRef(definition, m) : null;
    },
    capabilities: (m: MetaobjectRecord) => ({ publishable: m.status ? { status: m.status } : null }),
  },

  MetaobjectField: {
    key: (f: FieldRef) => f.definition.key,
    type: (f: FieldRef) => f.definition.type,
    value: (f: FieldRef) => f.value,
    jsonValue: (f: FieldRef) => (f.value === null ? null : fieldJsonValue(f.definition.type, f.value)),
    definition: (f: FieldRef) => f.definition,
  },

  MetaobjectDefinition: {
    capabilities: (d: MetaobjectDefinitionRecord) => ({ publishable: { enabled: d.publishable } }),
    metaobjectsCount: (d: MetaobjectDefinitionRecord, _: Args, ctx: Ctx) => ctx.store.metaobjects(ctx.shop, d.type).length,
    metaobjects: (d: MetaobjectDefinitionRecord, args: PageArgs, ctx: Ctx) => {
      requireEntryAccess(ctx, "metaobjects", "read", d.type);
      return listMetaobjects(ctx, d.type, args);
    },
  },

  MetaobjectFieldDefinition: {
    type: (f: MetaobjectFieldDefinitionRecord) => ({ name: f.type }),
  },
};
