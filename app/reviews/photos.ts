// Review photos: what counts as an image is decided by the file's first bytes (its signature), not
// by its name or the browser's claim; anything else, or anything over the size limit, is refused
// with a reason the form shows. Pure.
import { LIMITS } from "./types";

export type ImageType = "image/jpeg" | "image/png" | "image/webp" | "image/gif";

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  return signature.every((b, i) => bytes[offset + i] === b);
}

/** The image type the bytes really are, or null (SVG is refused on purpose: it can carry script). */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return "image/gif";
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return null;
}

export type PhotoCheck = { ok: true; contentType: ImageType } | { ok: false; why: "not_image" | "too_large" | "empty" };

export function checkPhoto(bytes: Uint8Array): PhotoCheck {
  if (bytes.length === 0) return { ok: false, why: "empty" };
  if (bytes.length > LIMITS.photoBytes) return { ok: false, why: "too_large" };
  const contentType = sniffImage(bytes);
  return contentType ? { ok: true, contentType } : { ok: false, why: "not_image" };
}
