import type { ReactiveControllerHost } from 'lit';
import { loadStrings, resolveStrings, stringsReady } from './strings.js';
import type { GreenApiQrStringOverrides, GreenApiQrStrings } from './public-types.js';

/** The texts with the page's overrides, and whether they are in the element's language yet. */
export type ElementStrings = (overrides: GreenApiQrStringOverrides) => [text: GreenApiQrStrings, ready: boolean];

/**
 * The element's language: the `lang` of the element or of its nearest ancestor, watched while it is
 * connected (the texts follow it). A language in a chunk of its own may still be loading: its texts
 * are English and not `ready` meanwhile, and the element renders again once the chunk is in.
 */
export function elementLanguage(host: ReactiveControllerHost & HTMLElement): ElementStrings {
  const observer = new MutationObserver(() => host.requestUpdate());
  host.addController({
    hostConnected: () => observer.observe(document.documentElement, { attributeFilter: ['lang'], subtree: true }),
    hostDisconnected: () => observer.disconnect(),
  });
  return (overrides) => {
    const lang = host.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang;
    const ready = stringsReady(lang);
    if (!ready) void loadStrings(lang).then(() => host.requestUpdate());
    return [resolveStrings(lang, overrides), ready];
  };
}
