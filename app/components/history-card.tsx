// The overview's "Order history" card: the history import's progress while it runs (progress bar,
// step, counts, elapsed time and an estimate, polled every 2 s), its result after (imported,
// skipped with reasons, or why it failed), and the form to import the last N days again.
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, List, ProgressBar, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { Locale } from "~/i18n/locale";
import { formatDateTime, formatDuration, translator, type Translate } from "~/i18n/translate";
import type { BackfillView } from "~/history/progress";
import { en, type MessageKey } from "~/i18n/messages/en";

type HistoryData = { backfill: BackfillView | null; ok?: boolean; error?: string };

const POLL_MS = 2_000;

/** Why an import failed, in the merchant's language (a code the app wrote; unknown text as it is). */
function errorText(t: Translate, error: string | null): string {
  if (!error) return "";
  const key = `history.error.${error}`;
  return key in en ? t(key as MessageKey) : error;
}

function Running({ b, t, locale }: { b: BackfillView; t: Translate; locale: Locale }) {
  const cancel = useFetcher<HistoryData>();
  return (
    <BlockStack gap="300">
      <Text as="p" fontWeight="semibold">
        {t(b.phase === "customers" ? "history.step.customers" : "history.step.orders")}
      </Text>
      <ProgressBar progress={Math.round(b.progress * 100)} tone="highlight" size="small" ariaLabelledBy="history-progress-label" />
      <Text as="p" id="history-progress-label" visuallyHidden>
        {t("history.progress")}
      </Text>
      <Text as="p">
        {b.status === "exporting"
          ? t("history.exporting", { count: b.exported })
          : t("history.importing", { orders: b.ordersImported, customers: b.customersImported })}
      </Text>
      <Text as="p" tone="subdued">
        {t("history.elapsed", { elapsed: formatDuration(locale, b.elapsedMs) })} ·{" "}
        {b.remainingMs === null ? t("history.estimating") : t("history.remaining", { remaining: formatDuration(locale, b.remainingMs) })}
      </Text>
      <InlineStack>
        <cancel.Form method="post" action="/app/history">
          <input type="hidden" name="intent" value="cancel" />
          <Button submit loading={cancel.state !== "idle"}>
            {t("history.cancel")}
          </Button>
        </cancel.Form>
      </InlineStack>
    </BlockStack>
  );
}

function Result({ b, t, locale, timezone }: { b: BackfillView; t: Translate; locale: Locale; timezone: string | null }) {
  const date = formatDateTime(locale, b.finishedAt ?? b.startedAt, timezone);
  const counts = { orders: b.ordersImported, customers: b.customersImported };
  return (
    <BlockStack gap="300">
      {b.status === "completed" && (
        <Text as="p">{t("history.completed", { ...counts, days: b.days, date, elapsed: formatDuration(locale, b.elapsedMs) })}</Text>
      )}
      {b.status === "cancelled" && <Text as="p">{t("history.cancelled", { ...counts, date })}</Text>}
      {b.status === "failed" && <Banner tone="critical">{t("history.failed", { error: errorText(t, b.error) })}</Banner>}
      {b.skipped.length > 0 && (
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">
            {t("history.skipped.heading")}
          </Text>
          <List>
            {b.skipped.map((s) => (
              <List.Item key={s.reason}>{t(`history.skipped.${s.reason}` as MessageKey, { count: s.count })}</List.Item>
            ))}
          </List>
        </BlockStack>
      )}
    </BlockStack>
  );
}

function StartForm({ t, again, days: initialDays }: { t: Translate; again: boolean; days: number }) {
  const start = useFetcher<HistoryData>();
  const [days, setDays] = useState(String(initialDays));
  const error =
    start.data && !start.data.ok ? (start.data.error === "running" ? t("history.error.running") : t("history.error.days")) : undefined;
  return (
    <start.Form method="post" action="/app/history">
      <input type="hidden" name="intent" value="start" />
      <InlineStack gap="300" blockAlign="end">
        <div style={{ maxWidth: "12rem" }}>
          <TextField
            label={t("history.days")}
            name="days"
            type="number"
            min={1}
            max={3650}
            value={days}
            onChange={setDays}
            helpText={t("history.days.help")}
            error={error}
            autoComplete="off"
          />
        </div>
        <Button submit variant={again ? "secondary" : "primary"} loading={start.state !== "idle"}>
          {t(again ? "history.again" : "history.start")}
        </Button>
      </InlineStack>
    </start.Form>
  );
}

export function HistoryCard({ initial, locale, timezone }: { initial: BackfillView | null; locale: Locale; timezone: string | null }) {
  const t = translator(locale);
  const poll = useFetcher<HistoryData>();
  const b = poll.data?.backfill ?? initial;
  const running = b?.status === "exporting" || b?.status === "importing";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (poll.state === "idle") poll.load("/app/history");
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, poll]);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("history.heading")}
        </Text>
        <Text as="p" tone="subdued">
          {t("history.explain")}
        </Text>
        {!b && <Text as="p">{t("history.never")}</Text>}
        {b && running && <Running b={b} t={t} locale={locale} />}
        {b && !running && <Result b={b} t={t} locale={locale} timezone={timezone} />}
        {!running && <StartForm t={t} again={Boolean(b)} days={b?.days ?? 365} />}
      </BlockStack>
    </Card>
  );
}
