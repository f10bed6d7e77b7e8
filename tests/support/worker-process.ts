// Starts `tests/support/worker-child.ts` as a separate job worker process on a harness's database
// (and queue), resolving once it says it is ready; a test can SIGTERM or SIGKILL it.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { queueNameFor, TEST_SECRET } from "./app-harness";

export function startWorkerProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/support/worker-child.ts")], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SHOPIFY_API_SECRET: TEST_SECRET,
      PROCESS_ROLE: "worker",
      TEST_QUEUE_NAME: queueNameFor(databaseUrl),
      ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("worker ready")) resolve(proc);
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", onData);
    proc.once("exit", (code) => reject(new Error(`worker exited with ${code}:\n${output}`)));
  });
}
