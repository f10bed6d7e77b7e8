// Validated configuration: parses process.env once at start-up and stops with a readable list of
// every missing or malformed variable. Nothing else in the app reads process.env directly.
import { z } from "zod";

const url = (name: string) => z.string({ required_error: `${name} is required` }).url(`${name} must be a URL`);

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    SHOPIFY_API_KEY: z.string({ required_error: "SHOPIFY_API_KEY is required" }).min(1, "SHOPIFY_API_KEY is empty"),
    SHOPIFY_API_SECRET: z.string({ required_error: "SHOPIFY_API_SECRET is required" }).min(1, "SHOPIFY_API_SECRET is empty"),
    SHOPIFY_APP_URL: url("SHOPIFY_APP_URL"),
    SCOPES: z
      .string()
      .default(
        "read_orders,read_all_orders,write_orders,read_customers,write_customers,read_products,write_products,read_fulfillments,read_returns,write_returns,write_discounts,read_discounts,write_store_credit_account_transactions,read_store_credit_accounts,write_metaobjects,write_metaobject_definitions,unauthenticated_read_product_listings",
      ),
    SHOP_CUSTOM_DOMAIN: z.string().optional(),
    // Where Admin API requests for a shop go; `{shop}` is replaced by the shop's domain.
    // Production leaves the default; the local Shopify double is selected here.
    SHOPIFY_ADMIN_API_ORIGIN: z
      .string()
      .default("https://{shop}")
      .refine((v) => v.includes("{shop}") && /^https?:\/\//.test(v), {
        message: "SHOPIFY_ADMIN_API_ORIGIN must be an http(s) URL containing {shop}",
      }),
    // Extra origins allowed to frame the admin pages, besides Shopify admin (the local double's admin).
    SHOPIFY_ADMIN_FRAME_ORIGINS: z
      .string()
      .optional()
      .transform((v) =>
        v
          ? v
              .split(",")
              .map((o) => o.trim())
              .filter(Boolean)
          : [],
      )
      .refine((list) => list.every((o) => /^https?:\/\/[^/\s]+$/.test(o)), {
        message: "SHOPIFY_ADMIN_FRAME_ORIGINS must be a comma-separated list of origins like https://admin.example.com",
      }),
    // App Bridge script the admin pages load (the Shopify library reads the same variable).
    APP_BRIDGE_URL: url("APP_BRIDGE_URL").default("https://cdn.shopify.com/shopifycloud/app-bridge.js"),
    DATABASE_URL: z
      .string()
      .default("file:./prisma/dev.sqlite")
      .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), {
        message: "DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)",
      }),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, "REDIS_URL must start with redis:// or rediss://")
      .optional(),
    // web: serve + ingest; worker: run jobs; all: both (the embedded default).
    PROCESS_ROLE: z.enum(["all", "web", "worker"]).optional(),
    JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://")
      .optional(),
    MAIL_FROM: z.string().default("Aftercare <no-reply@aftercare.local>"),
    // JSON file holding a clock offset ({"offsetMs": n}); unset in production (the real clock).
    CLOCK_OFFSET_FILE: z.string().optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .transform((env) => ({
    ...env,
    PROCESS_ROLE: env.PROCESS_ROLE ?? (env.REDIS_URL ? "web" : "all"),
    databaseKind: env.DATABASE_URL.startsWith("file:") ? ("sqlite" as const) : ("postgresql" as const),
  }));

export type Env = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((i) => {
      const name = i.path.join(".");
      return i.message.includes(name) ? i.message : `${name}: ${i.message}`;
    }),
  );
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
