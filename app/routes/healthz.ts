// Load-balancer health check: 200 when the database and the job queue answer, 503 otherwise. On
// the embedded default it also tells how the background thread is doing: while it restarts after a
// crash webhooks are still stored (so still 200), but the status says "degraded" and why is logged.
import { runtime } from "~/runtime.server";

export async function loader() {
  const rt = await runtime();
  const checks = await Promise.allSettled([rt.db.$queryRawUnsafe("SELECT 1"), rt.jobs.ping()]);
  const [database, queue] = checks.map((c) => (c.status === "fulfilled" ? "ok" : String(c.reason)));
  const ok = database === "ok" && queue === "ok";
  const thread = rt.background.health();
  const background = thread
    ? { mode: rt.background.mode, state: thread.state, restarts: thread.restarts, lastCrashAt: thread.lastCrash?.at ?? null }
    : { mode: rt.background.mode };
  const degraded = thread !== null && thread.state !== "running";
  return Response.json(
    { status: !ok ? "unavailable" : degraded ? "degraded" : "ok", database, queue, jobs: rt.jobs.driver, background },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
