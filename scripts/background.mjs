// The background worker thread of `npm start` (the embedded default): the same server bundle as
// the web thread, started in its background role. See app/background/.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const build = await import(pathToFileURL(path.join(root, "build/server/index.js")).href);
await build.entry.module.runBackground();
