// Shopify's library only lets the shop's admin frame the app (CSP frame-ancestors). A deployment
// may allow more admin origins by configuration (the local Shopify double's admin page).
export function allowFrameAncestors(headers: Headers, origins: string[]) {
  if (!origins.length) return;
  const policy = headers.get("Content-Security-Policy");
  if (!policy) return;
  const directives = policy
    .split(";")
    .map((d) => d.trim())
    .filter(Boolean);
  const index = directives.findIndex((d) => d.startsWith("frame-ancestors"));
  if (index === -1) return;
  directives[index] = `${directives[index]} ${origins.join(" ")}`;
  headers.set("Content-Security-Policy", `${directives.join("; ")};`);
}
