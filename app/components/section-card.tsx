// A card with a heading: the building block of the order and customer pages.
import { BlockStack, Card, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

export function SectionCard({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {heading}
        </Text>
        {children}
      </BlockStack>
    </Card>
  );
}
