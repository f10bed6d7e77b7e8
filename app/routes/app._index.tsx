// The merchant's overview: is Aftercare connected, what has Shopify sent, is background work
// flowing, what is being retried (and when), and what gave up (with Retry).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { z } from "zod";
import { resolveLocale } from "~/i18n/locale";
import { formatDateTime, translator, type Translate } from "~/i18n/translate";
import { loadOverview } from "~/health/overview.server";
import { HistoryCard } from "~/components/history-card";
import { activeBackfill, latestBackfill } from "~/history/backfill.server";
import { backfillView } from "~/history/progress";
import { replayDelivery } from "~/health/replay.server";
import { runtime } from "~/runtime.server";
import { readForm } from "~/platform/form.server";
import { authenticate } from "~/shopify.server";
import { LowCsatCard, MessagingSummaryCard } from "~/components/messaging-overview";
import { acknowledgeCsat } from "~/messaging/csat.server";
import { messagingOverview } from "~/messaging/outbox.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const rt = await runtime();
  const backfill = (await activeBackfill(rt.db, session.shop)) ?? (await latestBackfill(rt.db, session.shop));
  const shopZone = await rt.db.shop.findUnique({ where: { shop: session.shop }, select: { timezone: true } });
  return {
    messaging: await messagingOverview(rt.db, session.shop, rt.clock.now(), shopZone?.timezone),
    shop: session.shop,
    locale: resolveLocale(request),
    history: backfill ? backfillView(backfill, rt.clock.now()) : null,
    ...(await loadOverview(rt.db, rt.jobs, session.shop)),
  };
}

const retryInput = z.object({ kind: z.enum(["webhook", "job"]), id: z.string().min(1) });

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const form = await readForm(request);
  if (form.get("intent") === "acknowledgeCsat") {
    const orderGid = String(form.get("orderGid") ?? "");
    const rt = await runtime();
    const done = orderGid ? await acknowledgeCsat(rt.db, session.shop, orderGid, rt.clock.now()) : false;
    return Response.json({ ok: true, result: done ? "done" : "unchanged" });
  }
  const parsed = retryInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return Response.json({ ok: false, error: "kind and id are required" }, { status: 400 });
  const rt = await runtime();
  const { kind, id } = parsed.data;
  const result =
    kind === "webhook" ? await replayDelivery(rt.db, rt.events, rt.clock, session.shop, id) : await rt.jobs.retry(session.shop, id);
  if (result === "replayed" || result === "retried") rt.kick();
  const status = { replayed: 200, retried: 200, not_dead: 409, not_found: 404 }[result];
  return Response.json({ ok: status === 200, result }, { status });
}

/** One card of the overview: a heading and its content. */
function Section({ heading, badge, children }: { heading: string; badge?: ReactNode; children: ReactNode }) {
  return (
    <Layout.Section>
      <Card>
        <BlockStack gap="300">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {heading}
            </Text>
            {badge}
          </InlineStack>
          {children}
        </BlockStack>
      </Card>
    </Layout.Section>
  );
}

function RetryButton({ kind, id, t }: { kind: string; id: string; t: Translate }) {
  const fetcher = useFetcher<{ ok: boolean; result: string }>();
  const result = fetcher.data?.result;
  return (
    <fetcher.Form method="post">
      <InlineStack gap="300" blockAlign="center">
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="id" value={id} />
        <Button submit loading={fetcher.state !== "idle"} disabled={result !== undefined}>
          {t("home.errors.retry")}
        </Button>
        {result && (
          <Text as="span" tone={fetcher.data?.ok ? "success" : "subdued"}>
            {t(fetcher.data?.ok ? "home.errors.retried" : result === "not_found" ? "home.errors.notFound" : "home.errors.notRetried")}
          </Text>
        )}
      </InlineStack>
    </fetcher.Form>
  );
}

export default function Overview() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const when = (d: string) => formatDateTime(data.locale, d, data.install?.timezone);
  const q = data.queue;

  return (
    <Page title={t("home.title")}>
      <Layout>
        <Section
          heading={t("home.install.heading")}
          badge={
            data.install && (
              <Badge tone={data.install.state === "installed" ? "success" : "critical"}>
                {t(data.install.state === "installed" ? "home.install.state.installed" : "home.install.state.uninstalled")}
              </Badge>
            )
          }
        >
          <Text as="p">{t("home.install.shop", { shop: data.shop })}</Text>
          <Text as="p">
            {!data.install
              ? t("home.install.unknown")
              : data.install.state === "installed"
                ? t("home.install.installed", { date: when(data.install.installedAt) })
                : t("home.install.uninstalled", { date: when(data.install.uninstalledAt ?? data.install.installedAt) })}
          </Text>
          {data.install?.timezone && (
            <Text as="p" tone="subdued">
              {t("home.install.timezone", { timezone: data.install.timezone })}
            </Text>
          )}
        </Section>

        <Layout.Section>
          <BlockStack gap="400">
            <MessagingSummaryCard t={t} summary={data.messaging.summary} locale={data.locale} />
            <LowCsatCard
              t={t}
              alerts={data.messaging.alerts}
              total={data.messaging.alertsTotal}
              locale={data.locale}
              timeZone={data.install?.timezone ?? null}
            />
          </BlockStack>
        </Layout.Section>

        <Layout.Section>
          <HistoryCard initial={data.history} locale={data.locale} timezone={data.install?.timezone ?? null} />
        </Layout.Section>

        <Section heading={t("home.webhooks.heading")}>
          {data.topics.length === 0 ? (
            <Text as="p" tone="subdued">
              {t("home.webhooks.empty")}
            </Text>
          ) : (
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
              headings={[
                t("home.webhooks.topic"),
                t("home.webhooks.waiting"),
                t("home.webhooks.processed"),
                t("home.webhooks.retrying"),
                t("home.webhooks.dead"),
                t("home.webhooks.skipped"),
                t("home.webhooks.total"),
              ]}
              rows={data.topics.map((r) => [r.topic, r.waiting, r.processed, r.retrying, r.dead, r.skipped, r.total])}
            />
          )}
        </Section>

        <Section heading={t("home.queue.heading")}>
          <Text as="p" tone="subdued">
            {t(q.driver === "bullmq" ? "home.queue.driver.bullmq" : "home.queue.driver.embedded")}
          </Text>
          <InlineGrid columns={{ xs: 2, md: 5 }} gap="300">
            {(["queued", "delayed", "retrying", "running", "dead"] as const).map((k) => (
              <BlockStack key={k} gap="100">
                <Text as="p" tone="subdued">
                  {t(`home.queue.${k}`)}
                </Text>
                <Text as="p" variant="headingLg">
                  {String(q[k])}
                </Text>
              </BlockStack>
            ))}
          </InlineGrid>
        </Section>

        {data.retrying.length > 0 && (
          <Section heading={t("home.retrying.heading")}>
            <Text as="p" tone="subdued">
              {t("home.retrying.explain")}
            </Text>
            {data.retrying.map((r) => (
              <Banner key={r.id} tone="warning" title={t("home.errors.webhook", { topic: r.topic })}>
                <BlockStack gap="200">
                  <Text as="p">{r.error ?? ""}</Text>
                  <Text as="p" tone="subdued">
                    {t("home.errors.attempts", { count: r.attempts })}
                    {r.nextAttemptAt ? ` · ${t("home.retrying.next", { date: when(r.nextAttemptAt) })}` : ""}
                  </Text>
                </BlockStack>
              </Banner>
            ))}
          </Section>
        )}

        <Section heading={t("home.errors.heading")}>
          {data.problems.length === 0 ? (
            <Text as="p" tone="subdued">
              {t("home.errors.empty")}
            </Text>
          ) : (
            data.problems.map((p) => (
              <Banner
                key={`${p.kind}:${p.id}`}
                tone="critical"
                title={p.kind === "webhook" ? t("home.errors.webhook", { topic: p.label }) : t("home.errors.job", { name: p.label })}
              >
                <BlockStack gap="200">
                  <Text as="p">{p.error ?? ""}</Text>
                  <Text as="p" tone="subdued">
                    {t("home.errors.attempts", { count: p.attempts })}
                    {p.at ? ` · ${when(p.at)}` : ""}
                  </Text>
                  <InlineStack>
                    <RetryButton kind={p.kind} id={p.id} t={t} />
                  </InlineStack>
                </BlockStack>
              </Banner>
            ))
          )}
        </Section>
      </Layout>
    </Page>
  );
}
