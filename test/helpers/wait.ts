/**
 * Polls `fn` until it returns something truthy (a throw counts as not yet); fails with the
 * last error after `ms`. Every wait in the tests is one of these, on a condition a user could
 * see, never a bare sleep.
 */
export async function waitFor<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 30_000,
  everyMs = 100,
): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end)
      throw new Error(
        `timed out after ${ms} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Retries `check` (assertions inside) until it passes; fails with its last error after `ms`. */
export async function eventually<T>(what: string, check: () => Promise<T>, ms = 30_000): Promise<T> {
  const box = await waitFor(what, async () => ({ value: await check() }), ms);
  return box.value;
}
