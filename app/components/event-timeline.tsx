// The after-sales timeline card: events (already in words, see app/events/describe-event.ts) oldest
// first, each with its time, details, source and a quiet marker for history from before the install.
import { Badge, BlockStack, Box, Card, InlineStack, Link, Text, Tooltip } from "@shopify/polaris";
import type { EventView } from "~/events/describe-event";
import type { Translate } from "~/i18n/translate";

export function EventTimeline({
  events,
  t,
  empty,
  showOrder = false,
  note,
}: {
  events: EventView[];
  t: Translate;
  empty: string;
  /** Name each event's order (a customer's timeline spans several). */
  showOrder?: boolean;
  note?: string;
}) {
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {t("timeline.heading")}
        </Text>
        {note && (
          <Text as="p" tone="subdued">
            {note}
          </Text>
        )}
        {events.length === 0 ? (
          <Text as="p" tone="subdued">
            {empty}
          </Text>
        ) : (
          <BlockStack as="ol" gap="400">
            {events.map((e) => (
              <Box as="li" key={e.id} borderInlineStartWidth="025" borderColor="border" paddingInlineStart="300">
                <BlockStack gap="100">
                  <InlineStack gap="200" blockAlign="center" wrap>
                    <Text as="h3" variant="headingSm">
                      {e.label}
                    </Text>
                    {showOrder && e.order && <Link url={`/app/orders/${e.order.id}`}>{t("timeline.order", { name: e.order.name })}</Link>}
                    {e.history && (
                      <Tooltip content={t("timeline.historyHint")}>
                        <Badge size="small">{t("timeline.history")}</Badge>
                        <Text as="span" visuallyHidden>
                          {t("timeline.historyHint")}
                        </Text>
                      </Tooltip>
                    )}
                  </InlineStack>
                  <Text as="p" tone="subdued" variant="bodySm">
                    <time dateTime={e.isoAt}>{e.at}</time> · {e.source}
                  </Text>
                  {e.details.map((d, i) => (
                    <Text as="p" key={i}>
                      {d.href ? (
                        <Link url={d.href} external>
                          {d.text}
                        </Link>
                      ) : (
                        d.text
                      )}
                    </Text>
                  ))}
                </BlockStack>
              </Box>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
