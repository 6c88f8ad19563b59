/**
 * A promise kept once `done()` holds when `check()` is called (from the handler of whatever
 * changes it), or rejected at the deadline with `describe()` of what was seen: waiting on
 * notifications without polling or sleeping.
 */
export function whenever(done: () => boolean, describe: () => string, timeoutMs = 10_000) {
  let settle!: () => void;
  const promise = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out: ${describe()}`)), timeoutMs);
    settle = () => {
      if (!done()) return;
      clearTimeout(timer);
      resolve();
    };
  });
  return { promise, check: () => settle() };
}
