// English copy for the Settings page.
export const settingsEn = {
  "settings.nav": "Settings",
  "settings.title": "Settings",
  "settings.delivery.heading": "Delivery",
  "settings.delivery.explain":
    "Most carriers tell Shopify when a parcel arrives. When one never does, Aftercare counts the parcel as delivered this many days after it shipped, so delivery follow-ups still go out. The order's timeline says when a delivery was assumed.",
  "settings.delivery.days": "Days after shipping",
  "settings.delivery.help": "From 0 to 60; 0 means a parcel counts as delivered only when the carrier says so.",
  "settings.history.heading": "Order history",
  "settings.history.explain":
    "How far back the history import reaches when it runs without a number of days, for example when the app is installed again.",
  "settings.history.days": "Days of history",
  "settings.history.help": "From 1 to 3650 days.",
  "settings.save": "Save",
  "settings.saved": "Settings saved.",
  "settings.invalid": "Check the highlighted fields.",
} as const;
