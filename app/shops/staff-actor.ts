// Who, among the shop's staff, did something in the admin (an adjustment, a moderation): their name
// or email when the session knows them, their user id, else "staff". Recorded on the timeline.

/** What of an authenticated admin request (authenticate.admin's result) names the staff member. */
export interface StaffSession {
  session: { onlineAccessInfo?: { associated_user?: { first_name?: string; last_name?: string; email?: string } } | null };
  sessionToken?: { sub?: string } | null;
}

export function staffActor(ctx: StaffSession): string {
  const user = ctx.session.onlineAccessInfo?.associated_user;
  const name = [user?.first_name, user?.last_name].filter(Boolean).join(" ").trim();
  if (name) return name;
  if (user?.email) return user.email;
  const sub = ctx.sessionToken?.sub;
  return sub ? `staff #${sub.replace(/^.*\//, "")}` : "staff";
}
