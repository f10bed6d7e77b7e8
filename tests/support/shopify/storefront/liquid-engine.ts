// A liquidjs engine that speaks the part of Shopify Liquid the extension's blocks use: the `t` and
// `asset_url` filters, `{% schema %}` (parsed separately, renders nothing) and `{% render %}` of snippets.
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
    const values: Record<string, unknown> = {};
    for (const arg of args) if (Array.isArray(arg) && arg.length === 2) values[String(arg[0])] = arg[1];
    const { locales, locale } = harness(this.context);
    return translate(locales, locale, String(key), values);
  });

  engine.registerFilter("asset_url", function (this: { context: Context }, file: unknown) {
    return `${harness(this.context).assetBase}/${encodeURIComponent(String(file))}`;
  });

  return engine;
}
