// `npm run worker`: a job-only process for the scale path (REDIS_URL set). Run as many as needed.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const build = await import(pathToFileURL(path.join(root, "build/server/index.js")).href);
try {
  await build.entry.module.runWorker();
} catch (error) {
  console.error(error.name === "ConfigError" ? error.message : error);
  process.exit(1);
}
