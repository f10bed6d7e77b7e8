// English copy for the loyalty admin's "Points for past orders" page (the one-off history award).
export const loyaltyHistoryEn = {
  "loyaltyHistory.title": "Points for past orders",
  "loyaltyHistory.back": "Loyalty",
  "loyaltyHistory.explain":
    "Give customers the points their past orders would have earned, by your program's rules as they are now: excluded products, tax and shipping settings, tiers. Cancelled orders earn nothing and refunds take their share back. An order that already earned points never earns twice, so running this again only awards orders not counted yet. The points can be spent at once.",
  "loyaltyHistory.programOff": "Switch the loyalty program on first: points for past orders are awarded only while it runs.",
  "loyaltyHistory.programOffLink": "Loyalty settings",
  "loyaltyHistory.days": "Orders of the last",
  "loyaltyHistory.daysSuffix": "days",
  "loyaltyHistory.daysHelp": "From the order history imported into Aftercare.",
  "loyaltyHistory.daysError": "Enter a whole number of days from 1 to 3,650.",
  "loyaltyHistory.update": "Update preview",
  "loyaltyHistory.preview.heading": "Preview",
  "loyaltyHistory.preview.sentence": {
    one: "{customers} customer would receive {points} points for {orders} orders of the last {days} days.",
    other: "{customers} customers would receive {points} points for {orders} orders of the last {days} days.",
  },
  "loyaltyHistory.preview.none":
    "No customer would receive points: every order of the last {days} days has earned its points already, or none earns any.",
  "loyaltyHistory.start": "Award the points",
  "loyaltyHistory.started": "Awarding points for past orders",
  "loyaltyHistory.error.running": "An award is already running.",
  "loyaltyHistory.error.programOff": "The loyalty program is switched off.",
  "loyaltyHistory.running.heading": "Awarding points",
  "loyaltyHistory.running.progress": "Progress of the award",
  "loyaltyHistory.running.counts": "{done} of {total} customers · {points} points so far",
  "loyaltyHistory.result.heading": "Last award",
  "loyaltyHistory.result.completed": {
    one: "{date}: {customers} customer received {points} points for orders of the last {days} days.",
    other: "{date}: {customers} customers received {points} points for orders of the last {days} days.",
  },
  "loyaltyHistory.result.failed":
    "The award of {date} stopped after {done} of {total} customers ({points} points awarded): {error}. Start it again to award the rest.",
} as const;
