// A status as a Polaris badge (payment, fulfilment, consent, …), from its words and look in
// app/orders/format-status.ts.
import { Badge } from "@shopify/polaris";
import type { StatusLook } from "~/orders/format-status";

export function StatusBadge({ look }: { look: StatusLook }) {
  return (
    <Badge tone={look.tone} progress={look.progress}>
      {look.label}
    </Badge>
  );
}
