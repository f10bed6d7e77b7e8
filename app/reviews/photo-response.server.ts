// How a review photo is served: its sniffed type, nosniff, no script or style of any kind, and a
// day of caching (a photo never changes; a rejected review's photos stop being served at once
// because each request checks the review is published).
export function photoResponse(photo: { contentType: string; data: Uint8Array; size: number } | null): Response {
  if (!photo) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return new Response(Buffer.from(photo.data), {
    headers: {
      "content-type": photo.contentType,
      "content-length": String(photo.size),
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "cache-control": "public, max-age=86400",
      "content-disposition": "inline",
    },
  });
}
