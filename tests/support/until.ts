// Polls a condition a test waits for (an event to arrive, a process to notice), with a generous deadline:
// the machine is shared, so the wait is long but the check is frequent.

/** Resolves once `check()` is true; throws naming `what` after `ms`. */
export async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
