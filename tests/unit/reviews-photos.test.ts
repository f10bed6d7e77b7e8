// Review photos as a shopper uploads them: real JPEG, PNG, GIF and WebP files are taken for what
// their bytes say they are, whatever they are called; SVG, HTML, empty and oversized files are
// refused with the reason the form shows.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkPhoto, sniffImage } from "~/reviews/photos";
import { LIMITS } from "~/reviews/types";

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));

/** The first bytes of real files of each kind (enough for any sniffer), followed by some body. */
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], "JFIF\0", [0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
const PNG = bytes([0x89], "PNG\r\n\x1a\n", [0x00, 0x00, 0x00, 0x0d], "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
const GIF87 = bytes("GIF87a", [0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00], ";");
const GIF89 = bytes("GIF89a", [0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00], ";");
const WEBP = bytes("RIFF", [0x1a, 0x00, 0x00, 0x00], "WEBPVP8L", [0x0d, 0x00, 0x00, 0x00, 0x2f, 0x00, 0x00, 0x00]);

describe("sniffImage and checkPhoto", () => {
  it.each([
    ["JPEG", JPEG, "image/jpeg"],
    ["PNG", PNG, "image/png"],
    ["GIF87a", GIF87, "image/gif"],
    ["GIF89a", GIF89, "image/gif"],
    ["WebP", WEBP, "image/webp"],
  ] as const)("takes a %s for what it is", (_, file, type) => {
    expect(sniffImage(file)).toBe(type);
    expect(checkPhoto(file)).toEqual({ ok: true, contentType: type });
  });

  it.each([
    ["an SVG (it can carry script)", bytes('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>')],
    ["an SVG with an XML declaration", bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>')],
    ["an HTML page", bytes("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")],
    ["a text file", bytes("just some text, named photo.jpg")],
    ["a PDF", bytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")],
    ["a WAV (RIFF but not WebP)", bytes("RIFF", [0x24, 0, 0, 0], "WAVEfmt ")],
    ["a GIF-like header of another version", bytes("GIF88a", [1, 0, 1, 0])],
    ["the PNG signature with one byte wrong", bytes([0x89], "PNG\r\n\x1a\x0d", [0, 0, 0, 0])],
    ["a cut-off JPEG signature", bytes([0xff, 0xd8])],
    ["a cut-off PNG signature", bytes([0x89], "PNG")],
    ["a RIFF header cut before WEBP", bytes("RIFF", [0x1a, 0, 0, 0], "WEB")],
    ["an image signature after a prefix", bytes("x", [...PNG])],
  ])("refuses %s as not an image", (_, file) => {
    expect(sniffImage(file)).toBeNull();
    expect(checkPhoto(file)).toEqual({ ok: false, why: "not_image" });
  });

  it("goes by the bytes, not the name: a PNG sent as photo.jpg is a PNG, and HTML sent as photo.png is refused", () => {
    // checkPhoto is given only the bytes: the name and the browser's Content-Type never reach it.
    expect(checkPhoto(PNG)).toEqual({ ok: true, contentType: "image/png" });
    expect(checkPhoto(bytes("<html><img src=x onerror=alert(1)></html>"))).toEqual({ ok: false, why: "not_image" });
  });

  it("refuses an empty file", () => {
    expect(checkPhoto(new Uint8Array(0))).toEqual({ ok: false, why: "empty" });
  });

  it("takes a photo of exactly 5 MB and refuses one a byte larger", () => {
    expect(LIMITS.photoBytes).toBe(5 * 1024 * 1024);
    const atLimit = new Uint8Array(LIMITS.photoBytes);
    atLimit.set(JPEG);
    expect(checkPhoto(atLimit)).toEqual({ ok: true, contentType: "image/jpeg" });
    const over = new Uint8Array(LIMITS.photoBytes + 1);
    over.set(JPEG);
    expect(checkPhoto(over)).toEqual({ ok: false, why: "too_large" });
  });

  it("refuses an oversized file as too large even when it is not an image", () => {
    expect(checkPhoto(new Uint8Array(LIMITS.photoBytes + 1))).toEqual({ ok: false, why: "too_large" });
  });

  it("property: whatever follows a signature, the type is the signature's", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          [JPEG.subarray(0, 3), "image/jpeg"] as const,
          [PNG.subarray(0, 8), "image/png"] as const,
          [GIF89.subarray(0, 6), "image/gif"] as const,
          [GIF87.subarray(0, 6), "image/gif"] as const,
        ),
        fc.uint8Array({ maxLength: 64 }),
        ([signature, type], rest) => {
          expect(sniffImage(bytes([...signature], [...rest]))).toBe(type);
        },
      ),
    );
  });

  it("property: text never passes as an image", () => {
    // (Text that starts with an image signature, like "GIF89a", is that image's header, and is left out.)
    const text = fc.string({ unit: "grapheme", minLength: 1, maxLength: 200 }).filter((s) => !/^(GIF8[79]a|RIFF)/.test(s));
    fc.assert(
      fc.property(text, (s) => {
        expect(checkPhoto(new TextEncoder().encode(s))).toEqual({ ok: false, why: "not_image" });
      }),
    );
  });
});
