import type { PauseReason } from './authorization-view.js';

/** Why the element pauses now: the page is hidden, or the browser is offline; undefined when it may run. */
export function currentPauseReason(): PauseReason | undefined {
  if (document.visibilityState === 'hidden') return 'hidden';
  if (navigator.onLine === false) return 'offline';
  return undefined;
}

/** Calls `listener` whenever the page is hidden or shown, or the browser goes offline or online; returns the way to stop. */
export function watchPageEnvironment(listener: () => void): () => void {
  const changes = [
    [document, 'visibilitychange'],
    [window, 'online'],
    [window, 'offline'],
  ] as const;
  for (const [target, type] of changes) target.addEventListener(type, listener);
  return () => {
    for (const [target, type] of changes) target.removeEventListener(type, listener);
  };
}
