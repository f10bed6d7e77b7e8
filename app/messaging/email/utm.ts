// UTM tagging of the shop's links in emails (products, care guides, contact page), so the shop's
// analytics credit Aftercare. Pure string work: the rest of the URL is kept byte for byte.

const UTM_KEYS = ["utm_source", "utm_medium", "utm_campaign"] as const;

/**
 * Adds `utm_source=aftercare&utm_medium=email&utm_campaign=<campaign>` to an http(s) URL, replacing
 * any UTM values of those three keys already there (one consistent source in the shop's reports).
 * Other query parameters and the #fragment are kept exactly as written (no re-encoding); anything
 * that is not an absolute http(s) URL (mailto:, tel:, relative, malformed) is returned unchanged.
 */
export function withUtm(url: string, campaign: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return url;

  const hashAt = url.indexOf("#");
  const fragment = hashAt >= 0 ? url.slice(hashAt) : "";
  const beforeHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const queryAt = beforeHash.indexOf("?");
  const base = queryAt >= 0 ? beforeHash.slice(0, queryAt) : beforeHash;
  const query = queryAt >= 0 ? beforeHash.slice(queryAt + 1) : "";

  const kept = query.split("&").filter((pair) => pair !== "" && !(UTM_KEYS as readonly string[]).includes(paramName(pair)));
  const utm = [`utm_source=aftercare`, `utm_medium=email`, `utm_campaign=${encodeURIComponent(campaign)}`];
  return `${base}?${[...kept, ...utm].join("&")}${fragment}`;
}

function paramName(pair: string): string {
  const name = pair.split("=", 1)[0].replace(/\+/g, " ");
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
