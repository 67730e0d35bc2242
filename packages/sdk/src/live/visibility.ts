/** What the page tells a live connection: whether anyone can see it, and whether there is a network. */
export interface PageSignals {
  readonly hidden: boolean;
  readonly online: boolean;
  /** Stops listening. */
  stop(): void;
}

/**
 * Watches `visibilitychange` and `online`/`offline` where a DOM exists and calls `onChange` on
 * each; in Node the page is always visible and online, so nothing is watched.
 */
export function watchPage(onChange: () => void): PageSignals {
  const doc = globalThis.document as Document | undefined;
  const win = globalThis.window as Window | undefined;
  if (!doc || !win) return { hidden: false, online: true, stop() {} };
  doc.addEventListener('visibilitychange', onChange);
  win.addEventListener('online', onChange);
  win.addEventListener('offline', onChange);
  return {
    get hidden() {
      return doc.visibilityState === 'hidden';
    },
    // Only a definite "offline" counts: `onLine === true` says little, and some runtimes lack it.
    get online() {
      return globalThis.navigator?.onLine !== false;
    },
    stop() {
      doc.removeEventListener('visibilitychange', onChange);
      win.removeEventListener('online', onChange);
      win.removeEventListener('offline', onChange);
    },
  };
}
