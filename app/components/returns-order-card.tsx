// The order page's returns card: each return of the order with its status badge, resolution and
// amount, linking to the return's page; or that there are none.
import { BlockStack, InlineStack, Link, Text } from "@shopify/polaris";
import { SectionCard } from "~/components/section-card";
import { ReturnBadge, type ReturnBadgeLook } from "~/components/returns-ui";
import type { Translate } from "~/i18n/translate";

export interface OrderReturnView {
  id: string;
  name: string;
  status: ReturnBadgeLook;
  resolution: string;
  total: string;
  date: string;
}

export function OrderReturnsCard({ t, returns }: { t: Translate; returns: OrderReturnView[] }) {
  return (
    <SectionCard heading={t("returns.admin.order.heading")}>
      {returns.length === 0 ? (
        <Text as="p" tone="subdued">
          {t("returns.admin.order.empty")}
        </Text>
      ) : (
        <BlockStack as="ul" gap="300">
          {returns.map((r) => (
            <BlockStack as="li" key={r.id} gap="100">
              <InlineStack gap="200" blockAlign="center">
                <Link url={`/app/returns/${r.id}`}>{r.name}</Link>
                <ReturnBadge look={r.status} />
              </InlineStack>
              <Text as="p" tone="subdued">
                {t("returns.admin.order.line", { resolution: r.resolution, total: r.total, date: r.date })}
              </Text>
            </BlockStack>
          ))}
        </BlockStack>
      )}
    </SectionCard>
  );
}
