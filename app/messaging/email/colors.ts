// The email palette: the merchant's accent colour checked and paired with readable text (WCAG
// contrast), plus the fixed neutrals the templates use. Pure; no rendering here.

const HEX = /^#([0-9a-f]{6})$/i;

/** Used when the shop's accent colour is missing or not a #rrggbb value. */
export const DEFAULT_ACCENT = "#2c6ecb";
export const WHITE = "#ffffff";
/** Text on light accents: near-black rather than pure black, softer yet well above 4.5:1. */
export const NEAR_BLACK = "#111111";

/** Neutrals with an explicit foreground for every background, so clients that recolour for dark mode keep the pairs readable. */
export const palette = {
  page: "#f3f3f4",
  card: WHITE,
  text: "#1f1f1f",
  muted: "#5c5f62", // 6.4:1 on white
  rule: "#e1e3e5",
  tile: "#f6f6f7",
} as const;

/** A safe #rrggbb accent (the value goes into inline CSS, so anything else is replaced). */
export function normalizeAccent(color: string | null | undefined): string {
  const trimmed = color?.trim() ?? "";
  return HEX.test(trimmed) ? trimmed.toLowerCase() : DEFAULT_ACCENT;
}

function channels(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio between two #rrggbb colours (1–21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** White or near-black, whichever reads better on `background`. */
export function textOn(background: string): string {
  return contrastRatio(WHITE, background) >= contrastRatio(NEAR_BLACK, background) ? WHITE : NEAR_BLACK;
}

/** The accent for link text on white when it is readable there (4.5:1), else the body text colour. */
export function linkColor(accent: string): string {
  return contrastRatio(accent, palette.card) >= 4.5 ? accent : palette.text;
}

/** `hex` mixed with white: `amount` 0 → white, 1 → `hex`. For tinted panels behind body-coloured text. */
export function tint(hex: string, amount: number): string {
  const mixed = channels(hex).map((c) => Math.round(255 + (c - 255) * amount));
  return `#${mixed.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}
