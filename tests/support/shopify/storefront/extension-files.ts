// Reads a theme app extension from disk the way Shopify does: block sources and their
// `{% schema %}`, locale files, and assets.
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

const settingSchema = z.object({ id: z.string().optional(), type: z.string(), default: z.unknown().optional() }).passthrough();

export const blockSchemaSchema = z
  .object({
    name: z.string(),
    target: z.enum(["section", "head", "body", "compliance_head"]),
    javascript: z.string().optional(),
    stylesheet: z.string().optional(),
    enabled_on: z
      .object({ templates: z.array(z.string()).optional() })
      .passthrough()
      .optional(),
    settings: z.array(settingSchema).default([]),
  })
  .passthrough();

export type BlockSchema = z.infer<typeof blockSchemaSchema>;

const SCHEMA_TAG = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/;

export function parseBlockSchema(source: string, fileName: string): BlockSchema {
  const match = SCHEMA_TAG.exec(source);
  if (!match) throw new Error(`${fileName} has no {% schema %} tag`);
  return blockSchemaSchema.parse(JSON.parse(match[1]));
}

/** Setting values as Shopify would hand them to a freshly added block. */
export function defaultSettings(schema: BlockSchema): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const setting of schema.settings) {
    if (!setting.id) continue;
    if (setting.default !== undefined) settings[setting.id] = setting.default;
    else if (setting.type === "checkbox") settings[setting.id] = false;
  }
  return settings;
}

export type LocaleCatalog = { [key: string]: string | LocaleCatalog };

export type ExtensionLocales = { defaultLocale: string; catalogs: Map<string, LocaleCatalog> };

/** Storefront locale files only (`en.default.json`, `pl.json`); `*.schema.json` are for merchants. */
export async function readExtensionLocales(extensionDir: string): Promise<ExtensionLocales> {
  const dir = path.join(extensionDir, "locales");
  const catalogs = new Map<string, LocaleCatalog>();
  let defaultLocale = "en";
  for (const file of (await readdir(dir)).sort()) {
    const match = /^([a-zA-Z-]+?)(\.default)?\.json$/.exec(file);
    if (!match) continue;
    catalogs.set(match[1], JSON.parse(await readFile(path.join(dir, file), "utf8")) as LocaleCatalog);
    if (match[2]) defaultLocale = match[1];
  }
  return { defaultLocale, catalogs };
}

export function blockPath(extensionDir: string, block: string): string {
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(block)) throw new Error(`Invalid block name: ${block}`);
  return path.join(extensionDir, "blocks", `${block}.liquid`);
}

export async function listBlocks(extensionDir: string): Promise<string[]> {
  const files = await readdir(path.join(extensionDir, "blocks"));
  return files.filter((file) => file.endsWith(".liquid")).map((file) => file.slice(0, -".liquid".length));
}

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
};

/** An asset's bytes and content type, or null when the name is unsafe or the file is missing. */
export async function readAsset(extensionDir: string, fileName: string): Promise<{ body: Buffer; contentType: string } | null> {
  // Assets are a flat folder in a theme app extension: anything with a separator is not an asset.
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(fileName)) return null;
  try {
    const body = await readFile(path.join(extensionDir, "assets", fileName));
    const contentType = CONTENT_TYPES[path.extname(fileName).toLowerCase()] ?? "application/octet-stream";
    return { body, contentType };
  } catch {
    return null;
  }
}
