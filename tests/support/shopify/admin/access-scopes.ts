// The access scopes an Admin API token carries and Shopify's refusal when a field needs one it lacks (a
// top-level ACCESS_DENIED error; the field itself resolves to null).
import { GraphQLError } from "./graphql-runtime";

/** Who is asking, as far as scopes go: the token's comma-separated scopes, or null for every scope. */
export interface ScopedContext {
  scope: string | null;
}

/** Whether the token's scopes (null: every scope) include `scope`; write access includes read access. */
export function hasScope(ctx: ScopedContext, scope: string): boolean {
  if (ctx.scope === null) return true;
  const granted = new Set(ctx.scope.split(",").map((s) => s.trim()));
  return granted.has(scope) || (scope.startsWith("read_") && granted.has(`write_${scope.slice(5)}`));
}

/** Shopify's top-level answer to a field the token has no scope for (the field itself resolves to null). */
export function requireScope(ctx: ScopedContext, field: string, scopes: string[]): void {
  if (scopes.some((scope) => hasScope(ctx, scope))) return;
  const required = scopes.map((s) => `\`${s}\``).join(" or ");
  throw new GraphQLError(`Access denied for ${field} field. Required access: ${required} access scope.`, {
    extensions: {
      code: "ACCESS_DENIED",
      documentation: "https://shopify.dev/api/usage/access-scopes",
      requiredAccess: `${required} access scope.`,
    },
  });
}
