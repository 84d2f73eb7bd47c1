// For tests: waits until a condition holds, checking often, failing after a bounded time (no fixed sleeps).

/**
 * Resolves with the condition's first truthy value; rejects with the last error (or a timeout) after `timeoutMs`.
 * @example await waitFor(() => index.get(dn)?.attributes.cn?.[0] === 'New');
 */
export async function waitFor<T>(condition: () => T | Promise<T>, timeoutMs = 5_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
