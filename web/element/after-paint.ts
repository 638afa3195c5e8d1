// Runs work once the page has painted and the browser is idle: how the button loads MSAL without slowing the page.

const idleTimeout = 2_000; // ms: run by then even on a busy page

/**
 * Calls `callback` after the next frame, in idle time; returns a function that cancels it.
 * @example const cancel = afterPaint(() => void import('./sign-in.ts'));
 */
export function afterPaint(callback: () => void): () => void {
  let cancel = () => cancelAnimationFrame(frame);
  const frame = requestAnimationFrame(() => {
    // Safari before 18.2 has no requestIdleCallback.
    if (typeof requestIdleCallback === 'function') {
      const idle = requestIdleCallback(callback, { timeout: idleTimeout });
      cancel = () => cancelIdleCallback(idle);
    } else {
      const timeout = setTimeout(callback, 200);
      cancel = () => clearTimeout(timeout);
    }
  });
  return () => cancel();
}
