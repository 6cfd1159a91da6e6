import { errorDetail } from './errors.js';
import type { Activity } from './request-chain.js';
import type { SourceContext } from './source-events.js';
import type { GreenApiQrErrorDetail } from './public-types.js';

/**
 * An activity whose code is in a chunk of its own (the socket, pairing codes, the account flows:
 * what the default path, a QR code over polling, never needs). Its `import()` resolves against
 * the importing module's URL, so the chunk is found next to the bundle on a CDN and by a bundler.
 * A chunk that is there gives the activity itself. Until it has loaded, start() and stop() are
 * remembered; a chunk that cannot be loaded (offline, a broken deployment) is reported by
 * `onUnavailable` once it is wanted.
 */
function lazyActivity(loading: Activity | Promise<Activity>, onUnavailable: () => void): Activity {
  if (!(loading instanceof Promise)) return loading;
  let activity: Activity | undefined;
  let unavailable = false;
  let wanted = false;
  /** What start() was given, as a time: a chunk that loads meanwhile starts no earlier. */
  let notBefore = 0;
  const giveUp = (): void => {
    wanted = false;
    onUnavailable();
  };
  loading.then(
    (loaded) => {
      activity = loaded;
      if (wanted) loaded.start(Math.max(0, notBefore - Date.now()));
    },
    () => {
      unavailable = true;
      if (wanted) giveUp();
    },
  );
  return {
    start(delay = 0) {
      wanted = true;
      notBefore = Date.now() + delay;
      if (unavailable) giveUp();
      else activity?.start(delay);
    },
    stop() {
      wanted = false;
      activity?.stop();
    },
  };
}

/**
 * import() the first time; from then on the module itself, at once: a chunk that is there costs
 * no extra task (a restarted session, a second element).
 */
function chunk<Module>(load: () => Promise<Module>): () => Module | Promise<Module> {
  let loaded: Module | undefined;
  return () => loaded ?? load().then((module) => (loaded = module));
}

/** Each chunk's loader: what the activities below are built from. */
export const chunks = {
  socket: chunk(() => import('./socket-qr-source.js')),
  pairing: chunk(() => import('./pairing-code-flow.js')),
  account: chunk(() => import('./account-flows.js')),
};

/** What `make` builds from the chunk, now if the chunk is there, else once it has loaded. */
function fromChunk<Module>(load: () => Module | Promise<Module>, make: (module: Module) => Activity): Activity | Promise<Activity> {
  const module = load();
  return module instanceof Promise ? module.then(make) : make(module);
}

/** `transport="websocket"`; a socket that cannot be had is polled instead, as when the socket is refused. */
export function socketQrSource(context: SourceContext): Activity {
  const loading = fromChunk(chunks.socket, ({ createSocketQrSource }) => createSocketQrSource(context));
  return lazyActivity(loading, () => context.emit({ kind: 'socket-unavailable' }));
}

/** `method="phone"`: the pairing code for `phoneNumber`. */
export function pairingCodeFlow(context: SourceContext, phoneNumber: string): Activity {
  const loading = fromChunk(chunks.pairing, ({ PairingCodeFlow }) => new PairingCodeFlow(context, phoneNumber));
  return lazyActivity(loading, () => context.emit({ kind: 'failed', error: chunkMissing('pairing codes') }));
}

/** Once linked: who it is. The details are a nicety: without them `authorized` carries the id alone. */
export function accountLookup(context: SourceContext): Activity {
  const loading = fromChunk(chunks.account, (flows) => flows.accountLookup(context));
  return lazyActivity(loading, () => context.emit({ kind: 'account-known', account: {} }));
}

export function logoutFlow(context: SourceContext): Activity {
  const loading = fromChunk(chunks.account, ({ LogoutFlow }) => new LogoutFlow(context));
  return lazyActivity(loading, () => context.emit({ kind: 'failed', error: chunkMissing('logout') }));
}

/** Loads the pairing-code chunk while the state is checked and the number typed; a failure shows when it is used. */
export function preloadPairingCodeFlow(): void {
  preload(chunks.pairing);
}

/** Loads the account chunk while a code is on screen, so that a scan is announced without waiting for it. */
export function preloadAccountFlows(): void {
  preload(chunks.account);
}

function preload(load: () => unknown): void {
  const module = load();
  if (module instanceof Promise) module.catch(() => undefined);
}

function chunkMissing(part: string): GreenApiQrErrorDetail {
  return errorDetail('network', `Could not load the ${part} part of <greenapi-qr>: check the connection, and that its chunks/ are deployed beside it.`, false);
}
