// A liquidjs engine that speaks the part of Shopify Liquid the extension's blocks use: the `t`, `asset_url`
// and `image_url` filters, Shopify's `json` (safe inside <script>), `{% schema %}` (parsed separately, renders
// nothing) and `{% render %}` of snippets.
import path from "node:path";
import { Liquid, Tag, type Context, type Emitter, type TagToken, type TopLevelToken } from "liquidjs";
import type { ExtensionLocales } from "./extension-files";
import { translate } from "./translations";

/** Per-render facts the Shopify filters need; kept in a global the blocks never read. */
export type HarnessGlobals = { locales: ExtensionLocales; locale: string; assetBase: string };

export const HARNESS_GLOBAL = "__storefront_harness";

function harness(context: Context): HarnessGlobals {
  const globals = context.globals as Record<string, unknown>;
  return globals[HARNESS_GLOBAL] as HarnessGlobals;
}

class SchemaTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    while (remainTokens.length) {
      const next = remainTokens.shift() as TopLevelToken & { name?: string };
      if (next.name === "endschema") return;
    }
    throw new Error(`tag ${token.getText()} not closed`);
  }

  *render(_context: Context, _emitter: Emitter): Generator<unknown, void, unknown> {}
}

/**
 * Shopify's `json` filter: JSON with `<`, `>` and `&` written as \u003c, \u003e and \u0026, so a value printed inside a
 * `<script>` element cannot close it (https://shopify.dev/docs/apps/build/security/storefront/escape-every-value-for-its-context).
 */
export function shopifyJson(value: unknown): string {
  const text = JSON.stringify(value === undefined ? null : value) ?? "null";
  return text.replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Shopify's `image_url`: a CDN address without its scheme (`//cdn.shopify.com/…?width=600`), the size as
 * parameters. The double's images may be `data:` URLs, which come back as they are.
 */
export function imageUrl(image: unknown, options: Record<string, unknown> = {}): string {
  const src = typeof image === "string" ? image : String((image as { src?: unknown } | null)?.src ?? "");
  if (!/^https?:\/\//i.test(src)) return src;
  const url = new URL(src);
  for (const name of ["width", "height", "crop"]) if (options[name] != null) url.searchParams.set(name, String(options[name]));
  return url.href.replace(/^https?:/i, "");
}

function namedArguments(args: unknown[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const arg of args) if (Array.isArray(arg) && arg.length === 2) values[String(arg[0])] = arg[1];
  return values;
}

export function createLiquidEngine(extensionDir: string): Liquid {
  const engine = new Liquid({
    root: [path.join(extensionDir, "blocks")],
    partials: [path.join(extensionDir, "snippets")],
    extname: ".liquid",
    relativeReference: false,
    // An unknown filter is a gap in this harness (or a typo in a block): fail instead of printing nothing.
    strictFilters: true,
    ownPropertyOnly: true,
    cache: false,
  });

  engine.registerTag("schema", SchemaTag);

  engine.registerFilter("t", function (this: { context: Context }, key: unknown, ...args: unknown[]) {
    const { locales, locale } = harness(this.context);
    return translate(locales, locale, String(key), namedArguments(args));
  });

  engine.registerFilter("json", (value: unknown) => shopifyJson(value));

  engine.registerFilter("image_url", (image: unknown, ...args: unknown[]) => imageUrl(image, namedArguments(args)));

  engine.registerFilter("asset_url", function (this: { context: Context }, file: unknown) {
    return `${harness(this.context).assetBase}/${encodeURIComponent(String(file))}`;
  });

  return engine;
}
