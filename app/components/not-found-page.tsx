// The admin's "not found" page (an order or customer this shop does not have), rendered by a route's
// ErrorBoundary for a 404 in the merchant's language.
import { BlockStack, Button, Card, Page, Text } from "@shopify/polaris";

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
