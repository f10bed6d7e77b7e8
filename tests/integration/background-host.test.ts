// The web process's supervision of its background thread: it starts it, restarts it with a pause
// when it crashes (the crash and the restart count visible, as /healthz shows them), and stops it
// with the process — ending a thread that does not stop in time.
import { afterEach, describe, expect, it } from "vitest";
import { BackgroundHost } from "~/background/host.server";
import { log } from "~/platform/logger.server";
import { waitFor } from "../support/wait";

const stub = new URL("../support/fixtures/background-stub.mjs", import.meta.url);
let host: BackgroundHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

describe("background thread supervision", () => {
  it("starts the thread and reports it running", async () => {
    host = new BackgroundHost({ entry: stub, log: log() });
    expect(host.health()).toMatchObject({ state: "stopped", restarts: 0 });
    await host.start();
    expect(host.health()).toEqual({ state: "running", restarts: 0, lastCrash: null });
  });

  it("restarts a crashed thread after a pause, and says so", async () => {
    host = new BackgroundHost({ entry: stub, data: { crashOnKick: true }, log: log(), restartDelayMs: 100 });
    await host.start();
    const crashedAt = Date.now();
    host.kick();
    await waitFor(() => host!.health().state === "restarting", 5_000, "the crash to be noticed");
    expect(host.health().lastCrash).toMatchObject({ error: "crashed on kick 1" });
    await waitFor(() => host!.health().state === "running", 5_000, "the restart");
    expect(Date.now() - crashedAt).toBeGreaterThanOrEqual(90);
    expect(host.health()).toMatchObject({ state: "running", restarts: 1 });

    // Crashing again at once waits longer (the pause doubles for crashes in a row).
    const again = Date.now();
    host.kick();
    await waitFor(() => host!.health().restarts === 2 && host!.health().state === "running", 5_000, "the second restart");
    expect(Date.now() - again).toBeGreaterThanOrEqual(190);
  });

  it("stops the thread with the process, and ends one that does not stop in time", async () => {
    host = new BackgroundHost({ entry: stub, log: log() });
    await host.start();
    await host.stop();
    expect(host.health().state).toBe("stopped");

    host = new BackgroundHost({ entry: stub, data: { ignoreStop: true }, log: log(), stopTimeoutMs: 200 });
    await host.start();
    const started = Date.now();
    await host.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(host.health().state).toBe("stopped");
  });
});
