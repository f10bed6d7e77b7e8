// English copy for the history import (the overview's "Order history" card).
export const historyEn = {
  "history.heading": "Order history",
  "history.never": "Aftercare has not imported this store's past orders yet.",
  "history.explain":
    "Aftercare imports past orders (with their items, shipments and refunds) and all customers with their email consent, so loyalty, reviews and reports know your history. Nothing is sent to customers about past orders.",
  "history.days": "Days of history",
  "history.days.help": "From 1 to 3650 days back.",
  "history.start": "Import history",
  "history.again": "Import again",
  "history.cancel": "Stop import",
  "history.step.customers": "Step 1 of 2: customers",
  "history.step.orders": "Step 2 of 2: orders",
  "history.exporting": {
    one: "Shopify is preparing the export: {count} record so far",
    other: "Shopify is preparing the export: {count} records so far",
  },
  "history.importing": "Imported so far: orders {orders}, customers {customers}",
  "history.elapsed": "Running for {elapsed}",
  "history.remaining": "about {remaining} left",
  "history.estimating": "estimating time left…",
  "history.progress": "History import progress",
  "history.completed": "History of the last {days} days imported on {date} in {elapsed}: orders {orders}, customers {customers}.",
  "history.cancelled": "The import was stopped on {date}. What it had imported stays: orders {orders}, customers {customers}.",
  "history.failed": "The import stopped. {error}",
  "history.skipped.heading": "Not imported",
  "history.skipped.newer_in_app": {
    one: "{count} already up to date from a live update",
    other: "{count} already up to date from live updates",
  },
  "history.skipped.unreadable": {
    one: "{count} line Shopify sent could not be read",
    other: "{count} lines Shopify sent could not be read",
  },
  "history.skipped.not_kept": {
    one: "{count} record of a kind Aftercare does not keep",
    other: "{count} records of a kind Aftercare does not keep",
  },
  "history.error.running": "An import is already running.",
  "history.error.access_denied_orders":
    "Shopify denied access to the store's orders. Aftercare needs the read_orders permission, and read_all_orders for orders older than 60 days: open the app again to approve them.",
  "history.error.access_denied_customers":
    "Shopify denied access to the store's customers. Aftercare needs the read_customers permission: open the app again to approve it.",
  "history.error.export_expired": "Shopify's export expired before it could be read, several times. Try again.",
  "history.error.export_cancelled": "The export was cancelled in Shopify.",
  "history.error.export_failed": "Shopify could not finish the export, several times. Try again later.",
  "history.error.export_gone": "Shopify no longer had the export, several times. Try again.",
  "history.error.link_expired": "Shopify's download link kept expiring before the import could finish. Try again.",
  "history.error.uninstalled": "The app was uninstalled while the import ran.",
  "history.error.days": "Enter a whole number of days from 1 to 3650.",
  "history.requestedBy.install": "started when the app was installed",
  "history.requestedBy.merchant": "started from this page",
} as const;
