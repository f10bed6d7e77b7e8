// A shop's messaging settings (send window, quiet days, frequency cap, dry-run, stuck policy,
// branding), its flows (switch, timing, cross-sell options) and its edited templates: read with
// defaults, validated with zod on save.
import { z } from "zod";
import { formBoolean } from "~/platform/form-boolean";
import type { Db } from "~/platform/db.server";
import { locales, type Locale } from "~/i18n/locale";
import { defaultCopy } from "./email/default-copy";
import { unknownVariables } from "./template-vars";
import { FLOW_DEFAULT_DELAY_MINUTES, FLOWS, type Flow, type TemplateCopy } from "./types";
import type { FrequencyCap, SendWindow } from "./schedule";

const minuteOfDay = z.coerce
  .number()
  .int()
  .min(0)
  .max(24 * 60);
const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, "a colour like #1f6f5c");
const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? null : v))
  .pipe(
    z
      .string()
      .url()
      .refine((u) => /^(https?:|mailto:)/.test(u), "an http(s) or mailto: link")
      .nullable(),
  );

export const messagingSettingsInput = z
  .object({
    windowStart: minuteOfDay,
    windowEnd: minuteOfDay,
    quietDays: z.array(z.coerce.number().int().min(1).max(7)).max(6, "at least one day must stay open"),
    capShortCount: z.coerce.number().int().min(0).max(50),
    capShortDays: z.coerce.number().int().min(1).max(365),
    capLongCount: z.coerce.number().int().min(0).max(100),
    capLongDays: z.coerce.number().int().min(1).max(365),
    capAction: z.enum(["postpone", "suppress"]),
    dryRun: formBoolean,
    stuckPolicy: z.enum(["ask", "resend", "drop"]),
    senderName: z
      .string()
      .trim()
      .max(80)
      .transform((v) => v || null),
    replyTo: z
      .string()
      .trim()
      .transform((v) => (v === "" ? null : v))
      .pipe(z.string().email().nullable()),
    logoUrl: optionalUrl.refine((u) => u === null || u.startsWith("https:") || u.startsWith("http:"), "an image URL"),
    accentColor: hexColour,
    contactUrl: optionalUrl,
  })
  .refine((s) => s.windowStart < s.windowEnd, { path: ["windowEnd"], message: "the window must end after it starts" });

export type MessagingSettingsValues = z.infer<typeof messagingSettingsInput>;

export const DEFAULT_SETTINGS: MessagingSettingsValues = {
  windowStart: 9 * 60,
  windowEnd: 20 * 60,
  quietDays: [],
  capShortCount: 1,
  capShortDays: 3,
  capLongCount: 5,
  capLongDays: 30,
  capAction: "postpone",
  dryRun: false,
  stuckPolicy: "ask",
  senderName: null,
  replyTo: null,
  logoUrl: null,
  accentColor: "#1f6f5c",
  contactUrl: null,
};

export async function messagingSettings(db: Db, shop: string): Promise<MessagingSettingsValues> {
  const row = await db.messagingSettings.findUnique({ where: { shop } });
  if (!row) return DEFAULT_SETTINGS;
  return {
    windowStart: row.windowStart,
    windowEnd: row.windowEnd,
    quietDays: parseDays(row.quietDays),
    capShortCount: row.capShortCount,
    capShortDays: row.capShortDays,
    capLongCount: row.capLongCount,
    capLongDays: row.capLongDays,
    capAction: row.capAction === "suppress" ? "suppress" : "postpone",
    dryRun: row.dryRun,
    stuckPolicy: row.stuckPolicy === "resend" || row.stuckPolicy === "drop" ? row.stuckPolicy : "ask",
    senderName: row.senderName,
    replyTo: row.replyTo,
    logoUrl: row.logoUrl,
    accentColor: row.accentColor,
    contactUrl: row.contactUrl,
  };
}

function parseDays(json: string): number[] {
  try {
    const days = JSON.parse(json);
    return Array.isArray(days) ? days.filter((d): d is number => Number.isInteger(d) && d >= 1 && d <= 7) : [];
  } catch {
    return [];
  }
}

export async function saveMessagingSettings(db: Db, shop: string, s: MessagingSettingsValues): Promise<void> {
  const data = { ...s, quietDays: JSON.stringify([...new Set(s.quietDays)].sort()) };
  await db.messagingSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}

export function windowOf(s: MessagingSettingsValues, timeZone: string | null | undefined): SendWindow {
  return { timeZone: timeZone || "UTC", start: s.windowStart, end: s.windowEnd, quietDays: s.quietDays };
}

export function capOf(s: MessagingSettingsValues): FrequencyCap {
  return {
    rules: [
      { count: s.capShortCount, days: s.capShortDays },
      { count: s.capLongCount, days: s.capLongDays },
    ],
  };
}

// ─── Flows ───

export interface FlowSettings {
  flow: Flow;
  enabled: boolean;
  delayMinutes: number;
  productCount: number;
  discountPercent: number | null;
  discountDays: number;
}

export const MAX_DELAY_DAYS = 120;

export const flowSettingsInput = z.object({
  enabled: formBoolean,
  delayMinutes: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_DELAY_DAYS * 24 * 60),
  productCount: z.coerce.number().int().min(1).max(6),
  discountPercent: z
    .union([z.literal(""), z.coerce.number().int().min(1).max(90)])
    .nullable()
    .transform((v) => (v === "" || v === null ? null : v)),
  discountDays: z.coerce.number().int().min(1).max(365),
});

export function defaultFlow(flow: Flow): FlowSettings {
  return { flow, enabled: true, delayMinutes: FLOW_DEFAULT_DELAY_MINUTES[flow], productCount: 3, discountPercent: null, discountDays: 30 };
}

export async function flowSettings(db: Db, shop: string): Promise<Record<Flow, FlowSettings>> {
  const rows = await db.messageFlow.findMany({ where: { shop } });
  const out = Object.fromEntries(FLOWS.map((f) => [f, defaultFlow(f)])) as Record<Flow, FlowSettings>;
  for (const r of rows) {
    if (!(FLOWS as readonly string[]).includes(r.flow)) continue;
    out[r.flow as Flow] = {
      flow: r.flow as Flow,
      enabled: r.enabled,
      delayMinutes: r.delayMinutes,
      productCount: r.productCount,
      discountPercent: r.discountPercent,
      discountDays: r.discountDays,
    };
  }
  return out;
}

export async function saveFlowSettings(db: Db, shop: string, flow: Flow, s: z.infer<typeof flowSettingsInput>): Promise<void> {
  await db.messageFlow.upsert({ where: { shop_flow: { shop, flow } }, create: { shop, flow, ...s }, update: s });
}

// ─── Templates ───

export const templateInput = z
  .object({
    subject: z.string().trim().min(1, "a subject is needed").max(200),
    heading: z.string().trim().min(1, "a heading is needed").max(200),
    body: z.string().trim().min(1, "a message is needed").max(5_000),
  })
  .superRefine((copy, ctx) => {
    for (const field of ["subject", "heading", "body"] as const) {
      const unknown = unknownVariables(copy[field]);
      if (unknown.length)
        ctx.addIssue({ code: "custom", path: [field], message: `unknown variable ${unknown.map((u) => `{{${u}}}`).join(", ")}` });
    }
  });

/** The flow's copy in a locale: the merchant's edit, else the built-in default. */
export async function templateCopy(db: Db, shop: string, flow: Flow, locale: Locale): Promise<TemplateCopy & { edited: boolean }> {
  const row = await db.messageTemplate.findUnique({ where: { shop_flow_locale: { shop, flow, locale } } });
  return row
    ? { subject: row.subject, heading: row.heading, body: row.body, edited: true }
    : { ...defaultCopy(flow, locale), edited: false };
}

export async function templates(db: Db, shop: string, flow: Flow): Promise<Record<Locale, TemplateCopy & { edited: boolean }>> {
  const entries = await Promise.all(locales.map(async (l) => [l, await templateCopy(db, shop, flow, l)] as const));
  return Object.fromEntries(entries) as Record<Locale, TemplateCopy & { edited: boolean }>;
}

export async function saveTemplate(db: Db, shop: string, flow: Flow, locale: Locale, copy: TemplateCopy): Promise<void> {
  await db.messageTemplate.upsert({
    where: { shop_flow_locale: { shop, flow, locale } },
    create: { shop, flow, locale, ...copy },
    update: copy,
  });
}

/** Back to the built-in copy. */
export async function resetTemplate(db: Db, shop: string, flow: Flow, locale: Locale): Promise<void> {
  await db.messageTemplate.deleteMany({ where: { shop, flow, locale } });
}
