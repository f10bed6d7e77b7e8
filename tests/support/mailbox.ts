// The demo's mailbox: an SMTP server the app sends through (SMTP_URL), the messages it kept (saved to
// `mail.json`, so they survive restarts), and the double's `/mailbox` pages that show them.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { z } from "zod";
import { escapeHtml, renderPage, sendHtml, type DemoLinks } from "./double-pages";
import type { DoubleListener } from "./shopify/listener";

const storedMail = z.object({
  id: z.string(),
  receivedAt: z.string(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  category: z.string().nullable(),
  text: z.string(),
  html: z.string().nullable(),
  /** The List-Unsubscribe URL and whether it takes RFC 8058's one-click POST (absent in mail kept by older demos). */
  unsubscribe: z.object({ url: z.string(), oneClick: z.boolean() }).nullable().default(null),
  messageId: z.string().nullable().default(null),
});
export type StoredMail = z.infer<typeof storedMail>;

// A demo runs for days of fast-forwarded time; the newest messages are the interesting ones.
const KEEP = 1_000;

export interface Mailbox {
  url: string;
  port: number;
  /** Newest last, as received. */
  messages: StoredMail[];
  waitFor(predicate: (mail: StoredMail) => boolean, timeoutMs?: number): Promise<StoredMail>;
  listener(links: () => DemoLinks): DoubleListener;
  close(): Promise<void>;
}

export async function startMailbox(options: { file: string; port?: number }): Promise<Mailbox> {
  const messages: StoredMail[] = loadMessages(options.file);
  const save = () => {
    fs.mkdirSync(path.dirname(options.file), { recursive: true });
    const tmp = `${options.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(messages.slice(-KEEP), null, 1));
    fs.renameSync(tmp, options.file);
  };
  // The file exists from the first start, so a demo's data folder always shows where mail is kept.
  if (!fs.existsSync(options.file)) save();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(toStored(mail));
          if (messages.length > KEEP) messages.splice(0, messages.length - KEEP);
          save();
          callback();
        })
        .catch(callback);
    },
  });
  // A sender that dies mid-transaction resets its socket; smtp-server reports it as an "error" event,
  // which must not take the mailbox (and the demo running it) down.
  server.on("error", (error: Error) => {
    if ((error as NodeJS.ErrnoException).code !== "ECONNRESET") console.warn(`mailbox: ${error.message}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching email within ${timeoutMs} ms (mailbox has ${messages.length})`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    listener: (links) => mailboxPages(messages, links),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function loadMessages(file: string): StoredMail[] {
  if (!fs.existsSync(file)) return [];
  const parsed = z.array(storedMail).safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} is not a mailbox file: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return "";
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(", ");
}

function toStored(mail: ParsedMail): StoredMail {
  const category = mail.headers.get("x-aftercare-category");
  return {
    id: randomUUID(),
    receivedAt: new Date().toISOString(),
    from: addresses(mail.from),
    to: addresses(mail.to),
    subject: mail.subject ?? "(no subject)",
    category: typeof category === "string" ? category : null,
    text: mail.text ?? "",
    html: typeof mail.html === "string" ? mail.html : null,
    unsubscribe: unsubscribeOf(mail),
    messageId: mail.messageId ?? null,
  };
}

/** The https/http URL of the List-Unsubscribe header, and whether List-Unsubscribe-Post offers one-click. */
function unsubscribeOf(mail: ParsedMail): StoredMail["unsubscribe"] {
  const line = (key: string) => mail.headerLines.find((l) => l.key === key)?.line.replace(/\r\n(?=[ \t])/g, "") ?? "";
  const url = /<(https?:[^>]+)>/.exec(line("list-unsubscribe"))?.[1];
  return url ? { url, oneClick: /List-Unsubscribe=One-Click/.test(line("list-unsubscribe-post")) } : null;
}

function mailboxPages(messages: StoredMail[], links: () => DemoLinks): DoubleListener {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://double.local");
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    if (url.pathname === "/mailbox" || url.pathname === "/mailbox/") {
      sendHtml(res, 200, renderPage({ title: "Mailbox", links: links(), current: "mailbox", body: listBody(messages) }));
      return true;
    }
    const one = /^\/mailbox\/([\w-]+)$/.exec(url.pathname);
    if (!one) return false;
    const mail = messages.find((m) => m.id === one[1]);
    if (!mail) {
      sendHtml(
        res,
        404,
        renderPage({
          title: "Message not found",
          links: links(),
          current: "mailbox",
          body: `<h1>Message not found</h1><p><a href="/mailbox">Back to the mailbox</a></p>`,
        }),
      );
      return true;
    }
    sendHtml(
      res,
      200,
      renderPage({
        title: mail.subject,
        links: links(),
        current: "mailbox",
        body: messageBody(mail, links().mailbox.replace(/\/mailbox$/, "")),
      }),
    );
    return true;
  };
}

function listBody(messages: StoredMail[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.to)}</td><td><a href="/mailbox/${m.id}">${escapeHtml(m.subject)}</a></td><td><time datetime="${m.receivedAt}">${escapeHtml(m.receivedAt.replace("T", " ").slice(0, 19))} UTC</time></td><td>${escapeHtml(m.category ?? "—")}</td></tr>`,
    )
    .join("\n");
  return `<h1>Mailbox</h1>
<p class="muted">Every email Aftercare sends in the demo lands here (SMTP on this machine; nothing leaves it). Newest first.</p>
${
  messages.length === 0
    ? `<p>No emails yet. Create and deliver an order on the <a href="/demo">demo controls</a>, then fast-forward the clock.</p>`
    : `<table><caption class="muted">${messages.length} email${messages.length === 1 ? "" : "s"}</caption>
<thead><tr><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Received</th><th scope="col">Category</th></tr></thead>
<tbody>
${rows}
</tbody></table>`
}`;
}

/**
 * Links to a shop's own domain (https://{shop}.myshopify.com/…: the account page, the returns status
 * page) open that shop's storefront in the double, as the shop's domain would in real life.
 */
function toDoubleStorefront(text: string, doubleUrl: string): string {
  return text.replace(/https:\/\/([a-z0-9][a-z0-9-]*\.myshopify\.com)\//g, `${doubleUrl}/shops/$1/`);
}

function messageBody(stored: StoredMail, doubleUrl: string): string {
  const mail = {
    ...stored,
    html: stored.html ? toDoubleStorefront(stored.html, doubleUrl) : stored.html,
    text: toDoubleStorefront(stored.text, doubleUrl),
  };
  return `<p><a href="/mailbox">← All emails</a></p>
<h1>${escapeHtml(mail.subject)}</h1>
<dl>
<dt>From</dt><dd>${escapeHtml(mail.from)}</dd>
<dt>To</dt><dd>${escapeHtml(mail.to)}</dd>
<dt>Received</dt><dd><time datetime="${mail.receivedAt}">${escapeHtml(mail.receivedAt)}</time></dd>
<dt>Category</dt><dd>${escapeHtml(mail.category ?? "—")}</dd>
${mail.messageId ? `<dt>Message-ID</dt><dd><code>${escapeHtml(mail.messageId)}</code></dd>` : ""}
${
  mail.unsubscribe
    ? `<dt>Unsubscribe</dt><dd><a href="${escapeHtml(mail.unsubscribe.url)}" target="_blank" rel="noopener">The email's unsubscribe page</a>${
        mail.unsubscribe.oneClick
          ? ` · <form class="inline" method="post" action="${escapeHtml(mail.unsubscribe.url)}" enctype="application/x-www-form-urlencoded" target="_blank"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">One-click unsubscribe (as Gmail's button does)</button></form>`
          : ""
      }</dd>`
    : ""
}
</dl>
${
  mail.html
    ? `<h2>HTML</h2>
<iframe title="HTML version of “${escapeHtml(mail.subject)}”" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(mail.html)}"></iframe>`
    : ""
}
<h2>Text</h2>
<pre>${escapeHtml(mail.text)}</pre>`;
}
