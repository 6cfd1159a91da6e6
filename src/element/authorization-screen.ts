import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { InstanceState } from '../protocol/index.js';
import type { AuthorizationView, PauseReason, Retry, Screen } from './authorization-view.js';
import type {
  GreenApiQrAuthorizedDetail,
  GreenApiQrAuthorizedEvent,
  GreenApiQrErrorDetail,
  GreenApiQrEventMap,
  GreenApiQrStatusChangeDetail,
  GreenApiQrStatusChangeEvent,
  GreenApiQrTransport,
} from './public-types.js';

declare global {
  interface HTMLElementEventMap {
    authorized: GreenApiQrAuthorizedEvent;
    statuschange: GreenApiQrStatusChangeEvent;
  }
}

const TICK_MS = 1000;

/**
 * What the element shows, and what the page hears of it: the view (a screen, and why the session is
 * paused), the instance's state and the live transport, a `statuschange` whenever one of them
 * changes, `error` and `authorized`, and a render a second while a time runs on screen. What to
 * show is the controller's (authorization-controller.ts) and its sessions' to say.
 */
export class AuthorizationScreen implements ReactiveController {
  view: AuthorizationView = { status: 'idle' };
  /** The instance's state as getStateInstance last gave it; undefined until asked. */
  stateInstance?: InstanceState;
  /** The live QR transport, or null when no QR source runs. */
  activeTransport: GreenApiQrTransport | null = null;
  /** Why the running session is paused (the page is hidden or offline); every view shown carries it. */
  pausedFor?: PauseReason;
  /** Whether a session runs (the controller says): only then does time run on screen. */
  running = false;
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #hint: () => string | undefined;
  #tickTimer?: ReturnType<typeof setTimeout>;
  /** What the last `statuschange` said; the element starts idle, which is no news. */
  #toldStatus = '{"status":"idle","activeTransport":null}';
  /** The attribute hint last logged, so that it is logged once. */
  #loggedHint?: string;
  /** The last failure reported, as `report` tells one from another. */
  #toldError?: string;

  /** @param hint the attribute hint every `statuschange` carries while it holds */
  constructor(host: ReactiveControllerHost & HTMLElement, hint: () => string | undefined) {
    this.#host = host;
    this.#hint = hint;
    host.addController(this);
  }

  /** Renders again a second later while a time runs on screen: how long it has been loading, the pairing code's validity, the next retry. */
  hostUpdated(): void {
    clearTimeout(this.#tickTimer);
    const view = this.view;
    const timeRuns = view.status === 'loading' || view.status === 'code' || (view.status === 'qr' && view.retryAt !== undefined);
    if (timeRuns && this.running && !this.pausedFor) this.#tickTimer = setTimeout(() => this.#host.requestUpdate(), TICK_MS);
  }

  hostDisconnected(): void {
    clearTimeout(this.#tickTimer);
  }

  /** Shows `screen`, as the session is paused now. */
  show(screen: Screen): void {
    this.view = { ...screen, pausedFor: this.pausedFor };
    this.#host.requestUpdate();
    this.publish();
  }

  /** The running session's screen with a failure being retried, or none (`loading`, `phone`, `qr` and `code` show one). */
  amend(change: Retry): void {
    const view = this.view;
    if (view.status === 'loading' || view.status === 'phone' || view.status === 'qr' || view.status === 'code') this.show({ ...view, ...change });
  }

  /** A QR source runs over `transport` now. */
  useTransport(transport: GreenApiQrTransport): void {
    this.activeTransport = transport;
    this.publish();
  }

  /** `statuschange` when the status, the transport, the instance's state or the attribute hint differs from what the page was last told. */
  publish(): void {
    const hint = this.#hint();
    const detail: GreenApiQrStatusChangeDetail = {
      status: this.view.status,
      activeTransport: this.activeTransport,
      stateInstance: this.stateInstance,
      ...(hint && { hint }),
    };
    // What the page was last told, as JSON: `stateInstance` null is there, undefined is not.
    const told = JSON.stringify(detail);
    if (told === this.#toldStatus) return;
    this.#toldStatus = told;
    // Said once in the console; every statuschange carries it while it holds, so a page that listens late still hears it.
    if (hint && hint !== this.#loggedHint) console.warn((this.#loggedHint = hint));
    this.#fire('statuschange', detail);
  }

  /** `error`, once per distinct failure: a run of identical failed requests is reported once. */
  report(error: GreenApiQrErrorDetail): void {
    const key = `${error.code}:${error.status}:${error.code === 'instance-state' ? error.message : ''}`;
    if (key === this.#toldError) return;
    this.#toldError = key;
    this.#fire('error', { ...error });
  }

  /** Something worked: the next failure is news again, even the same as the last. */
  clearError(): void {
    this.#toldError = undefined;
  }

  /** `authorized`, with who got linked. */
  announce(detail: GreenApiQrAuthorizedDetail): void {
    this.#fire('authorized', detail, true);
  }

  /**
   * `error` does not bubble, like `<img>`'s, so that it never reaches `window.onerror`; `statuschange`
   * fires often, so neither does it: listen on the element. `authorized` bubbles and is composed, so
   * that delegated listeners and outer shadow hosts hear it.
   */
  #fire<Type extends 'authorized' | 'error' | 'statuschange'>(type: Type, detail: GreenApiQrEventMap[Type]['detail'], bubbles = false): void {
    this.#host.dispatchEvent(new CustomEvent(type, { detail, bubbles, composed: bubbles }));
  }
}
