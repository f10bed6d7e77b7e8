// Load-balancer health check: 200 when the database and the job queue answer, 503 otherwise.
import { runtime } from "~/runtime.server";

export async function loader() {
  const rt = await runtime();
  const checks = await Promise.allSettled([rt.db.$queryRawUnsafe("SELECT 1"), rt.jobs.ping()]);
  const [database, queue] = checks.map((c) => (c.status === "fulfilled" ? "ok" : String(c.reason)));
  const ok = database === "ok" && queue === "ok";
  return Response.json(
    { status: ok ? "ok" : "unavailable", database, queue, jobs: rt.jobs.driver },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
