// Waiting on the condition that ends a test step, never on a fixed sleep.
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 10_000, what = "the condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Polls until `read` gives a value (not null), and returns it. */
export async function waitForValue<T>(
  read: () => Promise<T | null> | T | null,
  timeoutMs = 10_000,
  intervalMs = 20,
  what = "a value",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
