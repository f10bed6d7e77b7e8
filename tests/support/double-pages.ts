// Shared HTML shell of the demo's helper pages on the Shopify double (mailbox, demo controls): one
// accessible layout with a navigation bar linking the demo's places, and the escaping they all need.
import type { ServerResponse } from "node:http";

export interface DemoLinks {
  admin: string;
  storefront: string;
  mailbox: string;
  demo: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

export function renderPage(input: { title: string; links: DemoLinks; current: keyof DemoLinks; body: string }): string {
  const nav = (
    [
      ["admin", "Shopify admin"],
      ["storefront", "Storefront"],
      ["mailbox", "Mailbox"],
      ["demo", "Demo controls"],
    ] as const
  )
    .map(([key, label]) => `<a href="${escapeHtml(input.links[key])}"${key === input.current ? ' aria-current="page"' : ""}>${label}</a>`)
    .join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)} · Aftercare demo</title>
<style>
  body { margin: 0; font: 15px/1.5 system-ui, sans-serif; color: #1f1f1f; background: #fafafa; }
  header { background: #1a1a1a; color: #fff; padding: 8px 16px; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
  header strong { margin-right: 8px; }
  header nav { display: flex; gap: 16px; flex-wrap: wrap; }
  header a { color: #fff; }
  header a[aria-current="page"] { font-weight: 700; }
  main { max-width: 1000px; margin: 0 auto; padding: 16px; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #ddd; vertical-align: top; }
  form.inline { display: inline; }
  fieldset { background: #fff; border: 1px solid #ccc; margin: 0 0 16px; }
  label { display: inline-block; margin: 4px 12px 4px 0; }
  button { font: inherit; padding: 4px 10px; margin: 2px 0; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; border: 1px solid #ddd; padding: 12px; }
  iframe { width: 100%; height: 480px; border: 1px solid #ddd; background: #fff; }
  [role="status"] { background: #e6f4ea; border: 1px solid #2e7d32; padding: 8px 12px; }
  .error { background: #fdecea; border-color: #b3261e; }
  .muted { color: #555; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
</style>
</head>
<body>
<header><strong>Aftercare demo</strong><nav aria-label="Demo">${nav}</nav></header>
<main>
${input.body}
</main>
</body>
</html>
`;
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(res.req?.method === "HEAD" ? undefined : html);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, "cache-control": "no-store" }).end();
}
