// `npm run worker`: a job-only process for the scale path (REDIS_URL set). Run as many as needed.
// Like `npm start`, it fails with one readable message when the build, the dependencies or the
// configuration are missing, and it stops cleanly however it is asked to (SIGTERM, Ctrl-C, a closed terminal).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// Before the bundle loads: React and the Shopify library read it once.
process.env.NODE_ENV ??= "production";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const serverBuild = path.join(root, "build/server/index.js");

function fail(message) {
  console.error(message);
  process.exit(1);
}

function configMessage(error) {
  return `The Aftercare worker cannot start. ${error.message}\nSet these environment variables (README, "Configuration") and start it again.`;
}

if (!fs.existsSync(serverBuild)) {
  fail(`Aftercare is not built (${path.relative(process.cwd(), serverBuild) || serverBuild} is missing): run \`npm run build\` first.`);
}

let build;
try {
  // The configuration is validated while the bundle loads (the Shopify library is configured at import).
  build = await import(pathToFileURL(serverBuild).href);
} catch (error) {
  if (error?.name === "ConfigError") fail(configMessage(error));
  if (error?.code === "ERR_MODULE_NOT_FOUND")
    fail(`Aftercare's dependencies are not installed (${error.message.split("\n")[0]}): run \`npm install\` first.`);
  throw error;
}

try {
  await build.entry.module.runWorker();
} catch (error) {
  if (error?.name === "ConfigError") fail(configMessage(error));
  throw error;
}
// runWorker stops gracefully on SIGTERM and SIGINT; a closed terminal (SIGHUP) takes the same path
// instead of killing running jobs mid-way.
process.once("SIGHUP", () => process.kill(process.pid, "SIGTERM"));
