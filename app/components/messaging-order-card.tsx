// The order page's Messages card: each email Aftercare planned for the order (flow, status with the
// reason, planned or sent time in the shop's time zone) and the customer's satisfaction answer.
import { BlockStack, Box, InlineStack, Link, Text } from "@shopify/polaris";
import type { Translate } from "~/i18n/translate";
import type { CsatView, MessageRowView } from "~/messaging/format-message";
import { SectionCard } from "./section-card";
import { StatusBadge } from "./status-badge";

export function OrderMessagesCard({ t, messages, csat }: { t: Translate; messages: MessageRowView[]; csat: CsatView | null }) {
  return (
    <SectionCard heading={t("messaging.order.heading")}>
      {messages.length === 0 ? (
        <Text as="p" tone="subdued">
          {t("messaging.order.empty")}
        </Text>
      ) : (
        <BlockStack as="ul" gap="300">
          {messages.map((m) => (
            <Box as="li" key={m.id}>
              <BlockStack gap="100">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h3" variant="headingSm">
                    {m.flow}
                  </Text>
                  <StatusBadge look={m.status} />
                </InlineStack>
                <Text as="p" tone="subdued" variant="bodySm">
                  <time dateTime={m.isoWhen}>{m.when}</time> · {m.category}
                </Text>
                {m.subject && m.statusKey === "sent" && <Text as="p">{t("event.detail.subject", { subject: m.subject })}</Text>}
                {m.reason && <Text as="p">{m.reason}</Text>}
                {m.lastError && (
                  <Text as="p" tone="critical" variant="bodySm" breakWord>
                    {m.lastError}
                  </Text>
                )}
              </BlockStack>
            </Box>
          ))}
        </BlockStack>
      )}
      {messages.length > 0 && (
        <Link url={`/app/outbox?q=${encodeURIComponent(messages[0]?.orderName ?? "")}`}>{t("messaging.order.outbox")}</Link>
      )}
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm">
          {t("messaging.order.csat")}
        </Text>
        {csat ? (
          <>
            <Text as="p" tone={csat.low ? "critical" : undefined} fontWeight="semibold">
              {csat.text}
            </Text>
            {csat.comment && <Text as="p">{t("messaging.csat.comment", { comment: csat.comment })}</Text>}
            <Text as="p" tone="subdued" variant="bodySm">
              <time dateTime={csat.isoWhen}>
                {t(csat.changed ? "messaging.order.csatChanged" : "messaging.order.csatAnswered", { date: csat.when })}
              </time>
            </Text>
          </>
        ) : (
          <Text as="p" tone="subdued">
            {t("messaging.order.csatNone")}
          </Text>
        )}
      </BlockStack>
    </SectionCard>
  );
}
