// The merchant's "Privacy requests" page: every customers/data_request, customers/redact and
// shop/redact Shopify forwarded for this shop, with its status; completed data requests offer their
// export as a file, failed requests a retry. The work itself happens in app/privacy/.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { resolveLocale } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages/en";
import { formatDateTime, translator, type Translate } from "~/i18n/translate";
import { listPrivacyRequests, retryPrivacyRequest, type PrivacyRequestRow } from "~/privacy/requests.server";
import { runtime } from "~/runtime.server";
import { readForm } from "~/platform/form.server";
import { authenticate } from "~/shopify.server";

const pageQuery = z.coerce.number().int().min(1).max(100_000);

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const parsedPage = pageQuery.safeParse(new URL(request.url).searchParams.get("page") ?? 1);
  const rt = await runtime();
  const [list, shop] = await Promise.all([
    listPrivacyRequests(rt.db, session.shop, parsedPage.success ? parsedPage.data : 1),
    rt.db.shop.findUnique({ where: { shop: session.shop }, select: { timezone: true } }),
  ]);
  return { locale: resolveLocale(request), timezone: shop?.timezone ?? null, ...list };
}

const retryInput = z.object({ id: z.string().min(1).max(64) });

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const parsed = retryInput.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return Response.json({ ok: false }, { status: 400 });
  const rt = await runtime();
  const ok = await retryPrivacyRequest(rt.db, rt.jobs, session.shop, parsed.data.id);
  return Response.json({ ok }, { status: ok ? 200 : 409 });
}

const TOPIC_LABEL: Record<string, MessageKey> = {
  "customers/data_request": "privacy.topic.dataRequest",
  "customers/redact": "privacy.topic.customerRedact",
  "shop/redact": "privacy.topic.shopRedact",
};

const STATUS: Record<string, { label: MessageKey; tone: "info" | "success" | "critical" }> = {
  received: { label: "privacy.status.received", tone: "info" },
  completed: { label: "privacy.status.completed", tone: "success" },
  failed: { label: "privacy.status.failed", tone: "critical" },
};

// A small inline illustration (a document with a shield), so the empty state needs no CDN.
const EMPTY_IMAGE =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160"><rect x="38" y="24" width="72" height="96" rx="8" fill="#f1f1f1" stroke="#8a8a8a" stroke-width="3"/><path d="M52 48h44M52 62h44M52 76h28" stroke="#b5b5b5" stroke-width="5" stroke-linecap="round"/><path d="M112 84l22 8v18c0 14-10 24-22 28-12-4-22-14-22-28V92z" fill="#e3f1df" stroke="#29845a" stroke-width="3"/><path d="M103 110l7 7 13-14" fill="none" stroke="#29845a" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/></svg>',
  );

/** Fetches the export (App Bridge adds the session token to the app's own fetches) and saves it as a file. */
async function saveExport(id: string, filename: string) {
  const response = await fetch(`/app/privacy/${encodeURIComponent(id)}/export`);
  if (!response.ok) throw new Error(`export download answered ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; the URL is only freed a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

function DownloadButton({ row, t, onError }: { row: PrivacyRequestRow; t: Translate; onError: () => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      loading={busy}
      accessibilityLabel={`${t("privacy.export.download")}: ${row.filename}`}
      onClick={() => {
        setBusy(true);
        saveExport(row.id, row.filename ?? "export.json")
          .catch(onError)
          .finally(() => setBusy(false));
      }}
    >
      {t("privacy.export.download")}
    </Button>
  );
}

function RetryButton({ id, t }: { id: string; t: Translate }) {
  const fetcher = useFetcher<{ ok: boolean }>();
  return (
    <BlockStack gap="100">
      <fetcher.Form method="post">
        <input type="hidden" name="id" value={id} />
        <Button submit size="slim" loading={fetcher.state !== "idle"} disabled={fetcher.data?.ok === true}>
          {t("privacy.retry")}
        </Button>
      </fetcher.Form>
      {fetcher.data?.ok === false && (
        <Text as="p" tone="subdued">
          {t("privacy.retry.failed")}
        </Text>
      )}
    </BlockStack>
  );
}

function ExportCell({ row, t, onError }: { row: PrivacyRequestRow; t: Translate; onError: () => void }) {
  if (row.exportState === "ready") return <DownloadButton row={row} t={t} onError={onError} />;
  if (row.exportState === "erased")
    return (
      <Text as="span" tone="subdued">
        {t("privacy.export.erased")}
      </Text>
    );
  if (row.exportState === "pending" && row.status === "received")
    return (
      <Text as="span" tone="subdued">
        {t("privacy.export.pending")}
      </Text>
    );
  return null;
}

export default function PrivacyRequests() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const when = (d: string) => formatDateTime(data.locale, d, data.timezone);
  const [downloadFailed, setDownloadFailed] = useState(false);
  const [searchParams, setSearchParams] = useSearchParams();
  const goTo = (page: number) => {
    const next = new URLSearchParams(searchParams);
    next.set("page", String(page));
    setSearchParams(next);
  };

  return (
    <Page title={t("privacy.title")} subtitle={t("privacy.subtitle")}>
      <BlockStack gap="400">
        {downloadFailed && (
          <Banner tone="critical" onDismiss={() => setDownloadFailed(false)}>
            <Text as="p">{t("privacy.export.failed")}</Text>
          </Banner>
        )}
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: t("privacy.resource.one"), plural: t("privacy.resource.other") }}
            itemCount={data.requests.length}
            selectable={false}
            emptyState={
              <EmptyState heading={t("privacy.empty.heading")} image={EMPTY_IMAGE}>
                <p>{t("privacy.empty.body")}</p>
              </EmptyState>
            }
            headings={[
              { title: t("privacy.column.request") },
              { title: t("privacy.column.customer") },
              { title: t("privacy.column.received") },
              { title: t("privacy.column.status") },
              { title: t("privacy.column.completed") },
              { title: t("privacy.column.export") },
            ]}
            pagination={
              data.hasNext || data.hasPrevious
                ? {
                    hasNext: data.hasNext,
                    hasPrevious: data.hasPrevious,
                    onNext: () => goTo(data.page + 1),
                    onPrevious: () => goTo(data.page - 1),
                  }
                : undefined
            }
          >
            {data.requests.map((r, index) => {
              const status = STATUS[r.status];
              return (
                <IndexTable.Row id={r.id} key={r.id} position={index}>
                  <IndexTable.Cell>
                    <Text as="span" fontWeight="semibold">
                      {TOPIC_LABEL[r.topic] ? t(TOPIC_LABEL[r.topic]) : r.topic}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {r.customerId ? t("privacy.customer", { id: r.customerId }) : t("privacy.customer.wholeShop")}
                  </IndexTable.Cell>
                  <IndexTable.Cell>{when(r.receivedAt)}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="100" inlineAlign="start">
                      {status ? <Badge tone={status.tone}>{t(status.label)}</Badge> : <Badge>{r.status}</Badge>}
                      {r.error && (
                        <Text as="p" tone="subdued" breakWord>
                          {r.error}
                        </Text>
                      )}
                      {r.status === "failed" && <RetryButton id={r.id} t={t} />}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{r.completedAt ? when(r.completedAt) : "—"}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <ExportCell row={r} t={t} onError={() => setDownloadFailed(true)} />
                  </IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}
