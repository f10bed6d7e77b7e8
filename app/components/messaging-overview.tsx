// The overview's messaging cards: today's and the week's emails with what needs a decision (linking
// to the Outbox), and the low satisfaction answers (1 or 2 of 5) waiting for the merchant, each with
// its order, comment and "Mark handled".
import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Box, Button, Card, InlineGrid, InlineStack, Link, Text } from "@shopify/polaris";
import type { Locale } from "~/i18n/locale";
import { formatDateTime, type Translate } from "~/i18n/translate";
import type { MessagingSummary, OverviewAlert } from "~/messaging/outbox.server";
import { useOnSettled } from "./messaging-toast";

export function MessagingSummaryCard({ t, summary, locale }: { t: Translate; summary: MessagingSummary; locale: Locale }) {
  const number = (n: number) => n.toLocaleString(locale === "pl" ? "pl-PL" : "en-GB");
  const figures = [
    { label: t("messaging.overview.plannedToday"), value: summary.plannedToday, url: "/app/outbox?status=planned" },
    { label: t("messaging.overview.sent7"), value: summary.sentLast7Days, url: "/app/outbox?status=sent" },
    { label: t("messaging.overview.stuck"), value: summary.stuck, url: "/app/outbox?status=stuck" },
  ];
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("messaging.overview.heading")}
          </Text>
          <Link url="/app/outbox">{t("messaging.overview.openOutbox")}</Link>
        </InlineStack>
        <InlineGrid columns={{ xs: 1, sm: 3 }} gap="300">
          {figures.map((f, i) => (
            <BlockStack key={f.url} gap="100">
              <Text as="p" tone="subdued">
                {f.label}
              </Text>
              <Text as="p" variant="headingLg" tone={i === 2 && f.value > 0 ? "critical" : undefined}>
                <Link url={f.url} removeUnderline monochrome accessibilityLabel={`${f.label}: ${number(f.value)}`}>
                  {number(f.value)}
                </Link>
              </Text>
            </BlockStack>
          ))}
        </InlineGrid>
        {summary.stuck > 0 && (
          <Text as="p" tone="critical">
            {t("messaging.overview.stuckHint", { count: summary.stuck })}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

function HandledButton({ t, alert }: { t: Translate; alert: OverviewAlert }) {
  const fetcher = useFetcher<{ ok: boolean; result?: string }>();
  const shopify = useAppBridge();
  useOnSettled(fetcher, (d) => {
    if (d.ok) shopify.toast.show(t("messaging.csat.handled"));
    else shopify.toast.show(t("messaging.error.generic"), { isError: true });
  });
  return (
    <Button
      size="slim"
      loading={fetcher.state !== "idle"}
      onClick={() => fetcher.submit({ intent: "acknowledgeCsat", orderGid: alert.orderGid }, { method: "post", action: "/app?index" })}
      accessibilityLabel={t("messaging.csat.markHandledLabel", { order: alert.orderName ?? alert.orderId })}
    >
      {t("messaging.csat.markHandled")}
    </Button>
  );
}

export function LowCsatCard({
  t,
  alerts,
  total,
  locale,
  timeZone,
}: {
  t: Translate;
  alerts: OverviewAlert[];
  total: number;
  locale: Locale;
  timeZone: string | null;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("messaging.csat.heading")}
        </Text>
        <Text as="p" tone="subdued">
          {t("messaging.csat.explain")}
        </Text>
        {alerts.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("messaging.csat.empty")}
          </Text>
        ) : (
          <BlockStack as="ul" gap="300">
            {alerts.map((a) => (
              <Box as="li" key={a.orderGid} borderInlineStartWidth="050" borderColor="border-critical" paddingInlineStart="300">
                <InlineStack align="space-between" blockAlign="start" gap="300">
                  <BlockStack gap="100">
                    <InlineStack gap="200" blockAlign="baseline">
                      <Link url={`/app/orders/${a.orderId}`}>{a.orderName ?? t("messaging.outbox.unknownOrder")}</Link>
                      <Text as="span" fontWeight="semibold" tone="critical">
                        {t("messaging.csat.score", {
                          score: a.score,
                          label: t(`email.csat.score.${Math.min(5, Math.max(1, a.score)) as 1 | 2 | 3 | 4 | 5}`),
                        })}
                      </Text>
                    </InlineStack>
                    {a.comment ? (
                      <Text as="p">{t("messaging.csat.comment", { comment: a.comment })}</Text>
                    ) : (
                      <Text as="p" tone="subdued">
                        {t("messaging.csat.noComment")}
                      </Text>
                    )}
                    <Text as="p" tone="subdued" variant="bodySm">
                      <time dateTime={a.answeredAt}>{formatDateTime(locale, a.answeredAt, timeZone)}</time>
                    </Text>
                  </BlockStack>
                  <HandledButton t={t} alert={a} />
                </InlineStack>
              </Box>
            ))}
          </BlockStack>
        )}
        {total > alerts.length && (
          <Text as="p" tone="subdued">
            {t("messaging.csat.more", { count: total - alerts.length })}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
