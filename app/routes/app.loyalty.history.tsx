// "Points for past orders" (/app/loyalty/history): the preview of a one-off award for the orders of
// the last N days ("1,234 customers would receive 56,789 points"), Start, the run's progress bar
// (polled every 2 s while it runs) and its result. The rules live in app/loyalty/history-award.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Link, Page, ProgressBar, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { useOnSettled } from "~/components/messaging-toast";
import { resolveLocale, type Locale } from "~/i18n/locale";
import { formatDateTime, translator, type Translate } from "~/i18n/translate";
import {
  activeHistoryAward,
  historyAwardView,
  latestHistoryAward,
  MAX_AWARD_DAYS,
  previewHistoryAward,
  startHistoryAward,
  type HistoryAwardPreview,
  type HistoryAwardView,
} from "~/loyalty/history-award.server";
import { programEnabled } from "~/loyalty/program.server";
import { intlLocale } from "~/orders/format-money";
import { readForm } from "~/platform/form.server";
import { SHOPIFY_API_VERSION } from "~/platform/shopify-api-version";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

const POLL_MS = 2_000;
const days = z.coerce.number().int().min(1).max(MAX_AWARD_DAYS);

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const url = new URL(request.url);
  const rt = await runtime();
  const now = rt.clock.now();
  const [enabled, active, shopRow] = await Promise.all([
    programEnabled(rt.db, shop),
    activeHistoryAward(rt.db, shop),
    rt.db.shop.findUnique({ where: { shop }, select: { timezone: true, backfillDays: true } }),
  ]);
  const latest = active ?? (await latestHistoryAward(rt.db, shop));
  const asked = days.safeParse(url.searchParams.get("days"));
  const sinceDays = asked.success ? asked.data : (latest?.sinceDays ?? shopRow?.backfillDays ?? 365);
  // While a run goes, the page only polls its progress; the preview is for choosing the next one.
  const preview: HistoryAwardPreview | null =
    active || url.searchParams.has("poll")
      ? null
      : await previewHistoryAward(
          { db: rt.db, shopify: { apiVersion: SHOPIFY_API_VERSION, originTemplate: rt.env.SHOPIFY_ADMIN_API_ORIGIN } },
          shop,
          sinceDays,
          now,
        );
  return {
    locale: resolveLocale(request),
    timezone: shopRow?.timezone ?? null,
    enabled,
    sinceDays,
    preview,
    run: latest ? historyAwardView(latest) : null,
  };
}

const input = z.object({ intent: z.literal("start"), days });

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const parsed = input.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return Response.json({ ok: false, error: "days" }, { status: 400 });
  const rt = await runtime();
  const outcome = await startHistoryAward(rt, session.shop, { sinceDays: parsed.data.days, requestedBy: "merchant", now: rt.clock.now() });
  if (outcome.started) {
    rt.kick();
    return Response.json({ ok: true, run: historyAwardView(outcome.run) });
  }
  if (outcome.reason === "running")
    return Response.json({ ok: false, error: "running", run: historyAwardView(outcome.run) }, { status: 409 });
  return Response.json({ ok: false, error: "program_off" }, { status: 409 });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type ActionData = { ok: boolean; error?: string; run?: HistoryAwardView };

function useNumber(locale: Locale) {
  const format = new Intl.NumberFormat(intlLocale(locale));
  return (n: number) => format.format(n);
}

function PreviewCard({ data, t, running }: { data: LoaderData; t: Translate; running: boolean }) {
  const preview = useFetcher<LoaderData>();
  const start = useFetcher<ActionData>();
  const shopify = useAppBridge();
  const number = useNumber(data.locale);
  const [value, setValue] = useState(String(data.sinceDays));
  const shown = preview.data?.preview ?? data.preview;
  const valid = days.safeParse(value).success;
  useOnSettled(start, (d) => {
    if (d.ok) shopify.toast.show(t("loyaltyHistory.started"));
    else
      shopify.toast.show(t(d.error === "running" ? "loyaltyHistory.error.running" : "loyaltyHistory.error.programOff"), { isError: true });
  });
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="p">{t("loyaltyHistory.explain")}</Text>
        <InlineStack gap="300" blockAlign="end">
          <div style={{ maxWidth: "14rem" }}>
            <TextField
              label={t("loyaltyHistory.days")}
              type="number"
              min={1}
              max={MAX_AWARD_DAYS}
              value={value}
              onChange={setValue}
              suffix={t("loyaltyHistory.daysSuffix")}
              helpText={t("loyaltyHistory.daysHelp")}
              error={valid ? undefined : t("loyaltyHistory.daysError")}
              autoComplete="off"
            />
          </div>
          <Button onClick={() => preview.load(`/app/loyalty/history?days=${value}`)} disabled={!valid} loading={preview.state !== "idle"}>
            {t("loyaltyHistory.update")}
          </Button>
        </InlineStack>
        {shown && (
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("loyaltyHistory.preview.heading")}
            </Text>
            <Text as="p" fontWeight="semibold">
              {shown.customers > 0
                ? t("loyaltyHistory.preview.sentence", {
                    count: shown.customers,
                    customers: number(shown.customers),
                    points: number(shown.points),
                    orders: number(shown.orders),
                    days: number(shown.sinceDays),
                  })
                : t("loyaltyHistory.preview.none", { days: number(shown.sinceDays) })}
            </Text>
          </BlockStack>
        )}
        <InlineStack>
          <start.Form method="post">
            <input type="hidden" name="intent" value="start" />
            <input type="hidden" name="days" value={shown?.sinceDays ?? data.sinceDays} />
            <Button
              submit
              variant="primary"
              loading={start.state !== "idle"}
              disabled={!data.enabled || running || !shown || shown.customers === 0}
            >
              {t("loyaltyHistory.start")}
            </Button>
          </start.Form>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function RunCard({ run, t, locale, timezone }: { run: HistoryAwardView; t: Translate; locale: Locale; timezone: string | null }) {
  const number = useNumber(locale);
  const date = formatDateTime(locale, run.finishedAt ?? run.startedAt, timezone);
  const counts = { done: number(run.customersDone), total: number(run.customersTotal), points: number(run.points) };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t(run.status === "running" ? "loyaltyHistory.running.heading" : "loyaltyHistory.result.heading")}
        </Text>
        {run.status === "running" && (
          <>
            <ProgressBar progress={Math.round(run.progress * 100)} tone="highlight" size="small" ariaLabelledBy="award-progress-label" />
            <Text as="p" id="award-progress-label" visuallyHidden>
              {t("loyaltyHistory.running.progress")}
            </Text>
            <Text as="p">{t("loyaltyHistory.running.counts", counts)}</Text>
          </>
        )}
        {run.status === "completed" && (
          <Text as="p">
            {t("loyaltyHistory.result.completed", {
              count: run.customersAwarded,
              customers: number(run.customersAwarded),
              points: number(run.points),
              days: number(run.sinceDays),
              date,
            })}
          </Text>
        )}
        {run.status === "failed" && (
          <Banner tone="critical">{t("loyaltyHistory.result.failed", { ...counts, date, error: run.error ?? "" })}</Banner>
        )}
      </BlockStack>
    </Card>
  );
}

export default function PointsForPastOrders() {
  const data = useLoaderData<typeof loader>();
  const t = translator(data.locale);
  const poll = useFetcher<LoaderData>();
  const revalidator = useRevalidator();
  const run = poll.data?.run ?? data.run;
  const running = run?.status === "running";
  // The run ended while the page watched it: load the page again for the new preview.
  const ended = data.run?.status === "running" && !running;
  useEffect(() => {
    if (ended && revalidator.state === "idle") revalidator.revalidate();
  }, [ended, revalidator]);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (poll.state === "idle") poll.load("/app/loyalty/history?poll=1");
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, poll]);
  return (
    <Page title={t("loyaltyHistory.title")} backAction={{ content: t("loyaltyHistory.back"), url: "/app/loyalty" }}>
      <Layout>
        {!data.enabled && (
          <Layout.Section>
            <Banner tone="warning">
              <Text as="p">
                {t("loyaltyHistory.programOff")} <Link url="/app/loyalty/settings">{t("loyaltyHistory.programOffLink")}</Link>
              </Text>
            </Banner>
          </Layout.Section>
        )}
        {run && (
          <Layout.Section>
            <RunCard run={run} t={t} locale={data.locale} timezone={data.timezone} />
          </Layout.Section>
        )}
        <Layout.Section>
          <PreviewCard data={data} t={t} running={running} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
