// Small pieces the reviews admin pages share: a rating as stars, a review's labels and status as
// badges, a photo thumbnail fetched through the admin's session, and a file download of the same
// kind (App Bridge adds the session token to the app's own fetches, which an <img> or a link would not carry).
import { Badge, BlockStack, InlineStack, Spinner, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";

export interface BadgeLook {
  label: string;
  tone?: "success" | "info" | "attention" | "warning" | "critical" | "new";
}

/** ★★★★☆ with the rating in words for screen readers. */
export function Stars({ rating, label, size = "bodyMd" }: { rating: number; label: string; size?: "bodyMd" | "headingLg" }) {
  const full = Math.max(0, Math.min(5, Math.round(rating)));
  return (
    <span role="img" aria-label={label} title={label} style={{ whiteSpace: "nowrap" }}>
      <Text as="span" variant={size} tone="caution">
        <span aria-hidden="true">{"★".repeat(full)}</span>
      </Text>
      <Text as="span" variant={size} tone="subdued">
        <span aria-hidden="true">{"☆".repeat(5 - full)}</span>
      </Text>
    </span>
  );
}

export function Badges({ badges }: { badges: BadgeLook[] }) {
  if (!badges.length) return null;
  return (
    <InlineStack gap="100" wrap>
      {badges.map((b) => (
        <Badge key={b.label} tone={b.tone}>
          {b.label}
        </Badge>
      ))}
    </InlineStack>
  );
}

/** One review photo, loaded with the admin's session; while loading a spinner, on failure `failed`. */
export function PhotoThumb({ url, alt, failed, size = 120 }: { url: string; alt: string; failed: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState(false);
  useEffect(() => {
    let objectUrl: string | null = null;
    let live = true;
    fetch(url)
      .then(async (r) => {
        if (!r.ok) throw new Error(`photo answered ${r.status}`);
        const blob = await r.blob();
        if (!live) return;
        objectUrl = URL.createObjectURL(blob);
        setSrc(objectUrl);
      })
      .catch(() => live && setError(true));
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url]);
  const box = {
    width: size,
    height: size,
    borderRadius: 8,
    overflow: "hidden",
    background: "#f1f1f1",
    display: "grid",
    placeItems: "center",
  };
  if (error)
    return (
      <div style={box}>
        <Text as="span" tone="subdued" variant="bodySm" alignment="center">
          {failed}
        </Text>
      </div>
    );
  return (
    <div style={box}>
      {src ? (
        <a href={src} target="_blank" rel="noreferrer">
          <img src={src} alt={alt} width={size} height={size} style={{ objectFit: "cover", display: "block" }} />
        </a>
      ) : (
        <Spinner size="small" accessibilityLabel={alt} />
      )}
    </div>
  );
}

/** Fetches `url` (with the session) and saves what it answers as `filename`. */
export async function saveDownload(url: string, filename: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`download answered ${response.status}`);
  const objectUrl = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = objectUrl;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; the URL is only freed a moment later.
  setTimeout(() => URL.revokeObjectURL(objectUrl), 1_000);
}

/** A rating distribution: one bar per star, most stars first. */
export function Distribution({ rows }: { rows: { star: number; label: string; count: string; share: number }[] }) {
  return (
    <BlockStack gap="100">
      {rows.map((r) => (
        <InlineStack key={r.star} gap="200" blockAlign="center" wrap={false}>
          <div style={{ width: "3.5rem" }}>
            <Text as="span" variant="bodySm">
              {r.label}
            </Text>
          </div>
          <div style={{ flex: 1, height: 8, background: "#e3e3e3", borderRadius: 4, overflow: "hidden", minWidth: 80 }} role="presentation">
            <div style={{ width: `${Math.round(r.share * 100)}%`, height: "100%", background: "#ffb800" }} />
          </div>
          <div style={{ width: "3rem", textAlign: "end" }}>
            <Text as="span" variant="bodySm" numeric>
              {r.count}
            </Text>
          </div>
        </InlineStack>
      ))}
    </BlockStack>
  );
}
