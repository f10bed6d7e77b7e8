// Typed GraphQL operations. Every document the app sends to Shopify is declared with
// defineOperation in a `*.operations.ts` file, so tests can validate all of them against
// Shopify's real schema.
export interface Operation<Result, Variables> {
  name: string;
  document: string;
  /** Phantom fields carrying the types; never set at runtime. */
  readonly __result?: Result;
  readonly __variables?: Variables;
}

export function defineOperation<Result, Variables = Record<string, never>>(name: string, document: string): Operation<Result, Variables> {
  return { name, document };
}
