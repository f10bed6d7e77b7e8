// The Outbox's table (Polaris IndexTable): one email per row, already in words
// (app/messaging/format-message.ts) — its order, customer, flow, time, status with the reason, attempts
// and last error — and the actions that apply to it, each posted to the Outbox's action.
import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Button, IndexTable, InlineStack, Link, Text, type IndexTableProps } from "@shopify/polaris";
import type { CSSProperties, ReactNode } from "react";
import type { MessageKey } from "~/i18n/messages/en";
import type { Translate } from "~/i18n/translate";
import type { MessageRowView } from "~/messaging/format-message";
import { useOnSettled } from "./messaging-toast";
import { StatusBadge } from "./status-badge";

type Intent = "cancel" | "sendNow" | "resend" | "drop";
type ActionData = { ok: boolean; intent?: Intent; result?: "done" | "unchanged" | "not_found" | "invalid" };

const DONE: Record<Intent, MessageKey> = {
  cancel: "messaging.outbox.done.cancel",
  sendNow: "messaging.outbox.done.sendNow",
  resend: "messaging.outbox.done.resend",
  drop: "messaging.outbox.done.drop",
};

/** Table cells do not wrap; a reason or an error may be a sentence, so these do, within a column's width. */
const WRAP: CSSProperties = { whiteSpace: "normal", maxWidth: "16rem", minWidth: "10rem" };

function RowActions({ row, t }: { row: MessageRowView; t: Translate }) {
  const fetcher = useFetcher<ActionData>();
  const shopify = useAppBridge();
  const busy = fetcher.state !== "idle";
  const pending = fetcher.formData?.get("intent");
  useOnSettled(fetcher, (d) => {
    if (d.intent && d.result === "done") shopify.toast.show(t(DONE[d.intent]));
    else if (d.result === "unchanged") shopify.toast.show(t("messaging.outbox.done.unchanged"));
    else shopify.toast.show(t("messaging.error.generic"), { isError: true });
  });
  const name = row.orderName ?? row.email ?? "";
  const act = (intent: Intent) => fetcher.submit({ intent, id: row.id }, { method: "post", action: "/app/outbox" });
  const button = (intent: Intent, label: MessageKey, a11y: MessageKey, tone?: "critical", primary = false) => (
    <Button
      size="slim"
      tone={tone}
      variant={primary ? "primary" : undefined}
      loading={busy && pending === intent}
      disabled={busy}
      onClick={() => act(intent)}
      accessibilityLabel={t(a11y, { name, flow: row.flow })}
    >
      {t(label)}
    </Button>
  );
  if (!row.can.cancel && !row.can.sendNow && !row.can.decide) return <Text as="span">—</Text>;
  return (
    <InlineStack gap="200" wrap={false}>
      {row.can.decide && button("resend", "messaging.outbox.action.resend", "messaging.outbox.action.resendLabel", undefined, true)}
      {row.can.decide && button("drop", "messaging.outbox.action.drop", "messaging.outbox.action.dropLabel", "critical")}
      {row.can.sendNow && button("sendNow", "messaging.outbox.action.sendNow", "messaging.outbox.action.sendNowLabel")}
      {row.can.cancel && button("cancel", "messaging.outbox.action.cancel", "messaging.outbox.action.cancelLabel", "critical")}
    </InlineStack>
  );
}

export function MessagesTable({
  rows,
  t,
  emptyState,
  pagination,
  loading,
}: {
  rows: MessageRowView[];
  t: Translate;
  emptyState?: ReactNode;
  pagination?: IndexTableProps["pagination"];
  loading?: boolean;
}) {
  return (
    <IndexTable
      resourceName={{ singular: t("messaging.outbox.resource.one"), plural: t("messaging.outbox.resource.other") }}
      itemCount={rows.length}
      selectable={false}
      lastColumnSticky
      emptyState={emptyState}
      pagination={pagination}
      loading={loading}
      headings={[
        { title: t("messaging.outbox.column.order") },
        { title: t("messaging.outbox.column.customer") },
        { title: t("messaging.outbox.column.flow") },
        { title: t("messaging.outbox.column.time") },
        { title: t("messaging.outbox.column.status") },
        { title: t("messaging.outbox.column.attempts") },
        { title: t("messaging.outbox.column.actions") },
      ]}
    >
      {rows.map((m, index) => (
        <IndexTable.Row id={m.id} key={m.id} position={index}>
          <IndexTable.Cell>
            {m.orderId ? (
              <Link url={`/app/orders/${m.orderId}`} removeUnderline>
                <Text as="span" fontWeight="semibold">
                  {m.orderName ?? t("messaging.outbox.unknownOrder")}
                </Text>
              </Link>
            ) : (
              "—"
            )}
          </IndexTable.Cell>
          <IndexTable.Cell>{m.email ?? "—"}</IndexTable.Cell>
          <IndexTable.Cell>
            <BlockStack gap="050">
              <Text as="span">{m.flow}</Text>
              <Text as="span" tone="subdued" variant="bodySm">
                {m.category}
              </Text>
            </BlockStack>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <time dateTime={m.isoWhen}>{m.when}</time>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <BlockStack gap="100" inlineAlign="start">
              <StatusBadge look={m.status} />
              {m.reason && (
                <div style={WRAP}>
                  <Text as="span" tone="subdued" variant="bodySm" breakWord>
                    {m.reason}
                  </Text>
                </div>
              )}
            </BlockStack>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <BlockStack gap="050">
              <Text as="span" numeric>
                {m.attempts}
              </Text>
              {m.lastError && (
                <div style={WRAP}>
                  <Text as="span" tone="critical" variant="bodySm" breakWord>
                    {m.lastError.length > 140 ? `${m.lastError.slice(0, 140)}…` : m.lastError}
                  </Text>
                </div>
              )}
            </BlockStack>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <RowActions row={m} t={t} />
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
