// The orders table (Polaris IndexTable) of the Orders page and of a customer's page: rows already in
// words (app/orders/format-order.ts); each order's name links to its page.
import { IndexTable, InlineStack, Link, Text, type IndexTableProps } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { Translate } from "~/i18n/translate";
import type { OrderRowView } from "~/orders/format-order";
import { StatusBadge } from "./status-badge";

export function OrdersTable({
  rows,
  t,
  emptyState,
  pagination,
  showCustomer = true,
  loading,
}: {
  rows: OrderRowView[];
  t: Translate;
  emptyState?: ReactNode;
  pagination?: IndexTableProps["pagination"];
  showCustomer?: boolean;
  loading?: boolean;
}) {
  // The status column (cancelled, delivery assumed) only when a row on the page has something to say.
  const showFlags = rows.some((o) => o.flags.length > 0);
  const headings: IndexTableProps["headings"] = [
    { title: t("orders.column.order") },
    { title: t("orders.column.date") },
    ...(showCustomer ? [{ title: t("orders.column.customer") }] : []),
    { title: t("orders.column.total"), alignment: "end" as const },
    { title: t("orders.column.payment") },
    { title: t("orders.column.fulfillment") },
    { title: t("orders.column.delivery") },
    ...(showFlags ? [{ title: t("orders.column.status") }] : []),
  ];
  return (
    <IndexTable
      resourceName={{ singular: t("orders.resource.one"), plural: t("orders.resource.other") }}
      itemCount={rows.length}
      selectable={false}
      emptyState={emptyState}
      headings={headings}
      pagination={pagination}
      loading={loading}
    >
      {rows.map((o, index) => (
        <IndexTable.Row id={o.id} key={o.id} position={index}>
          <IndexTable.Cell>
            <Link url={`/app/orders/${o.id}`} dataPrimaryLink removeUnderline monochrome>
              <Text as="span" fontWeight="semibold">
                {o.name}
              </Text>
            </Link>
          </IndexTable.Cell>
          <IndexTable.Cell>{o.date}</IndexTable.Cell>
          {showCustomer && <IndexTable.Cell>{o.email ?? "—"}</IndexTable.Cell>}
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>
              {o.total}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <StatusBadge look={o.payment} />
          </IndexTable.Cell>
          <IndexTable.Cell>
            <StatusBadge look={o.fulfillment} />
          </IndexTable.Cell>
          <IndexTable.Cell>{o.delivered ?? "—"}</IndexTable.Cell>
          {showFlags && (
            <IndexTable.Cell>
              <InlineStack gap="100">
                {o.flags.map((f) => (
                  <StatusBadge key={f.label} look={f} />
                ))}
              </InlineStack>
            </IndexTable.Cell>
          )}
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
