// The admin's "not found" page (an order, customer or review this shop does not have), and the route
// ErrorBoundary that shows it for a 404 in the merchant's language (other errors go to Shopify's boundary).
import { isRouteErrorResponse, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import type { Locale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";

export function NotFoundPage({ title, body, backLabel, backUrl }: { title: string; body: string; backLabel: string; backUrl: string }) {
  return (
    <Page title={title} backAction={{ content: backLabel, url: backUrl }}>
      <Card>
        <BlockStack gap="300" inlineAlign="start">
          <Text as="p">{body}</Text>
          <Button url={backUrl}>{backLabel}</Button>
        </BlockStack>
      </Card>
    </Page>
  );
}

/** An ErrorBoundary for a page of one `section` item: its translated 404 (`<section>.notFound.*`), back to `backUrl`. */
export function notFoundBoundary(section: "orders" | "customers" | "reviews.admin", backUrl: string) {
  return function ErrorBoundary() {
    const error = useRouteError();
    const shell = useRouteLoaderData<{ locale: Locale }>("routes/app");
    if (isRouteErrorResponse(error) && error.status === 404) {
      const t = translator(shell?.locale ?? "en");
      return (
        <NotFoundPage
          title={t(`${section}.notFound.title`)}
          body={t(`${section}.notFound.body`)}
          backLabel={t(`${section}.notFound.back`)}
          backUrl={backUrl}
        />
      );
    }
    return boundary.error(error);
  };
}
