// English copy of the emails (fixed strings and the built-in default copy of each flow) and of the
// shopper-facing pages they link to (CSAT thank-you, unsubscribe).
export const emailEn = {
  // Built-in copy, read by app/messaging/email/default-copy.ts. {{variables}} are filled in per message.
  "email.default.delivery_follow_up.subject": "How is your order {{order_name}} going?",
  "email.default.delivery_follow_up.heading": "Your order has arrived",
  "email.default.delivery_follow_up.body":
    "Hi {{first_name}},\n\nYour order {{order_name}} was delivered recently, and we hope you're enjoying it.\n\nWould you tell us how it went? It takes a single click and helps us a lot. If anything isn't right, get in touch and we'll sort it out.\n\nThank you for shopping with {{shop_name}}!",
  "email.default.cross_sell.subject": "Picked for you, {{first_name}}",
  "email.default.cross_sell.heading": "A few things we think you'll love",
  "email.default.cross_sell.body":
    "Hi {{first_name}},\n\nThanks again for your order {{order_name}}. We've picked a few things that go well with what you bought.\n\nTake a look — we hope something catches your eye.",
  "email.default.review_request.subject": "How do you like your order {{order_name}}, {{first_name}}?",
  "email.default.review_request.heading": "Tell others what you think",
  "email.default.review_request.body":
    "Hi {{first_name}},\n\nYou've had your order {{order_name}} for a little while now. How is it?\n\nA short review helps other shoppers choose and helps {{shop_name}} get better. Click a star to start — it takes a minute.",
  "email.default.review_reminder.subject": "A minute for a review, {{first_name}}?",
  "email.default.review_reminder.heading": "Your opinion counts",
  "email.default.review_reminder.body":
    "Hi {{first_name}},\n\nWe'd still love to hear what you think of your order {{order_name}}. Click a star below — there's no need to write much.",
  "email.default.points_expiry_warning.subject": "{{first_name}}, your points at {{shop_name}} expire soon",
  "email.default.points_expiry_warning.heading": "Your points are about to expire",
  "email.default.points_expiry_warning.body":
    "Hi {{first_name}},\n\nYou have points waiting for you at {{shop_name}}, and they will expire if they stay unused.\n\nSpend them on a reward, or earn more with your next order: either way, they stay yours.",
  "email.default.points_last_chance.subject": "Last chance to use your points, {{first_name}}",
  "email.default.points_last_chance.heading": "Your points expire in a few days",
  "email.default.points_last_chance.body":
    "Hi {{first_name}},\n\nThis is the last reminder: your points at {{shop_name}} expire in a few days.\n\nUse them on a reward now, or place an order to earn more and keep them all.",
  "email.default.return_requested.subject": "We've received your return request for {{order_name}}",
  "email.default.return_requested.heading": "Your return request is in",
  "email.default.return_requested.body":
    "Hi {{first_name}},\n\nThanks for letting us know. We've received your request to return items from your order {{order_name}}.\n\nWhat happens next: {{shop_name}} will look at it, usually within a couple of business days, and we'll email you as soon as it's decided, with how to send the items back. Please don't send anything before then.",
  "email.default.return_approved.subject": "Your return for {{order_name}} is approved",
  "email.default.return_approved.heading": "Your return is approved",
  "email.default.return_approved.body":
    "Hi {{first_name}},\n\nGood news: your return for order {{order_name}} has been approved.\n\nHow to send it back: pack the items securely, with their tags and accessories. If a return label is below, print it and stick it on the parcel; otherwise we'll send you one shortly. Once the items arrive, we'll complete your return and let you know.",
  "email.default.return_declined.subject": "About your return request for {{order_name}}",
  "email.default.return_declined.heading": "We couldn't accept your return",
  "email.default.return_declined.body":
    "Hi {{first_name}},\n\nWe've looked at your return request for order {{order_name}} and, unfortunately, we can't accept it.\n\nIf you have questions or think this is a mistake, get in touch with {{shop_name}} and we'll help.",
  "email.default.return_label_added.subject": "Your return label for {{order_name}}",
  "email.default.return_label_added.heading": "Your return label is ready",
  "email.default.return_label_added.body":
    "Hi {{first_name}},\n\nThe return label for your order {{order_name}} is ready: print it, stick it on the parcel and hand it to the carrier.\n\nYou can follow the parcel with its tracking number. We'll let you know when it reaches us.",
  "email.default.return_received.subject": "Your returned items from {{order_name}} have arrived",
  "email.default.return_received.heading": "Your return has arrived",
  "email.default.return_received.body":
    "Hi {{first_name}},\n\nThe items you sent back from order {{order_name}} have arrived at {{shop_name}}.\n\nWe'll check them and complete your return shortly; you'll get another email when it's done.",
  "email.default.return_processed.subject": "Your return for {{order_name}} is complete",
  "email.default.return_processed.heading": "Your return is complete",
  "email.default.return_processed.body":
    "Hi {{first_name}},\n\nWe've completed your return for order {{order_name}}. The details are below.\n\nThank you for shopping with {{shop_name}}.",
  "email.default.return_closed.subject": "Your return for {{order_name}} is closed",
  "email.default.return_closed.heading": "Your return is closed",
  "email.default.return_closed.body":
    "Hi {{first_name}},\n\nYour return for order {{order_name}} is now closed: there's nothing more you need to do.\n\nThank you for shopping with {{shop_name}}. We hope to see you again soon.",

  // The email itself.
  "email.items.heading": "Your order",
  "email.items.quantity": "Quantity: {count}",
  "email.items.guides": "How to care for it",
  "email.csat.question": "How happy are you with your order?",
  "email.csat.score.1": "Very unhappy",
  "email.csat.score.2": "Unhappy",
  "email.csat.score.3": "Okay",
  "email.csat.score.4": "Happy",
  "email.csat.score.5": "Very happy",
  "email.csat.hint": "One click is enough. Changed your mind? Just click another answer.",
  "email.products.heading": "You might also like",
  "email.products.view": "View",
  "email.products.viewLabel": "View {title}",
  "email.points.label": "Your points",
  "email.points.expires": "Your points expire on {date}",
  "email.points.lastChance": "Last chance: your points expire on {date}",
  "email.points.use": "Use your points",
  "email.points.keep": "Earn or spend points before then and none of them expire.",
  "email.return.heading": "Return {name}",
  "email.return.headingUnnamed": "Your return",
  "email.return.item": "{quantity} × {title}",
  "email.return.exchangeFor": "Exchange for: {item}",
  "email.return.resolution.refund": "Refund: {amount}",
  "email.return.resolution.store_credit": "Store credit: {amount}",
  "email.return.resolution.exchange": "Exchange",
  "email.return.bonus": "including a bonus of {bonus}",
  "email.return.processed.refund":
    "We've refunded {amount}. Depending on your bank, it can take a few business days to show on your account.",
  "email.return.processed.store_credit": "We've added {amount} of store credit to your account.",
  "email.return.processed.store_creditBonus": "We've added {amount} of store credit to your account, including a bonus of {bonus}.",
  "email.return.processed.exchange": "Your exchange is being prepared: {items}.",
  "email.return.processed.exchangeUnnamed": "Your exchange is being prepared.",
  "email.return.message": "A message from {shop}:",
  "email.return.label": "Download the return label",
  "email.return.carrier": "Carrier: {carrier}",
  "email.return.tracking": "Tracking number: {number}",
  "email.return.track": "Track the parcel",
  "email.return.status": "View your return",
  "email.discount.text": "{percent}% off your next order with code {code}, valid until {date}",
  "email.footer.sentBy": "Sent by {shop}",
  "email.footer.questions": "Questions?",
  "email.footer.contact": "Contact us",
  "email.footer.transactional": "You're receiving this email because of your order with {shop}.",
  "email.footer.unsubscribe": "Unsubscribe from marketing emails",
  "email.footer.marketingNote": "Unsubscribing stops marketing emails only: updates about your orders will still arrive.",

  // Shopper-facing pages the email links to.
  "email.page.backToShop": "Back to the shop",
  "email.csat.page.title": "Your feedback",
  "email.csat.thanks.heading": "Thank you!",
  "email.csat.thanks.body": "You rated your order {score} of 5. Thanks for letting us know.",
  "email.csat.changed": "We've changed your answer to {score} of 5.",
  "email.csat.low":
    "We're sorry your order didn't live up to your expectations. The team will look into it, and if you tell us below what went wrong, we can put it right sooner.",
  "email.csat.comment.label": "Anything you'd like to add?",
  "email.csat.comment.hint": "Optional. Your comment goes straight to the shop's team.",
  "email.csat.comment.submit": "Send comment",
  "email.csat.comment.saved": "Thank you, we've received your comment.",
  "email.csat.invalid":
    "This link is damaged or has expired, so we couldn't record your answer. Please use the complete link from the email.",
  "email.unsubscribe.title": "Unsubscribe from marketing emails",
  "email.unsubscribe.body": "Stop marketing emails from {shop} to {email}?",
  "email.unsubscribe.button": "Unsubscribe",
  "email.unsubscribe.done":
    "You've been unsubscribed from marketing emails. Emails about your orders, such as delivery updates, will still arrive.",
  "email.unsubscribe.already": "This address is already unsubscribed from marketing emails.",
  "email.unsubscribe.invalid":
    "This unsubscribe link is damaged or has expired. Please use the complete link from the email, or contact the shop and they will unsubscribe you.",
};
