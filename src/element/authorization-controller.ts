import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AccountInfo } from './account-api.js';
import { normalizePhoneNumber } from './phone-number.js';
import { checkCredentials, missingCredentials, type Credentials } from './api.js';
import type { AuthorizationSettings, AuthorizationView } from './authorization-view.js';
import { authorizedEvent, errorEvent, statusChangeEvent } from './events.js';
import { GreenApiClient } from './greenapi-client.js';
import { HttpQrSource } from './http-qr-source.js';
import { accountLookup, logoutFlow, pairingCodeFlow, preloadAccountFlows, preloadPairingCodeFlow, socketQrSource } from './lazy-activities.js';
import { MaxWaitClock } from './max-wait-clock.js';
import { currentPauseReason, watchPageEnvironment } from './page-environment.js';
import type { Activity } from './request-chain.js';
import { checkModes, effectiveMaxWait, effectivePollInterval } from './settings.js';
import { HeadStart, StateCheck, type StateOutcomes } from './state-check.js';
import type { SourceContext, SourceEvent } from './source-events.js';
import type { GreenApiQrAuthorizedDetail, GreenApiQrErrorDetail, GreenApiQrStatus, GreenApiQrTransport, InstanceState } from './public-types.js';

const TICK_MS = 1000;


/**
 * Runs one `<greenapi-qr>`'s way to authorization and everything in the background for it: asks
 * the instance's state first (with the QR source already running beside it, its codes held until
 * the state says they may be shown), then runs one activity at a time (a QR source over HTTP or the
 * socket, a pairing-code flow, the account lookup, a logout) and turns what they report into the
 * view and the events. It also owns the code's staleness, the max-wait clock and pausing while the
 * page is hidden or offline. Each `start()` opens a new session; an older session's activity is
 * stopped and whatever it still reports is ignored.
 */
export class AuthorizationController implements ReactiveController {
  view: AuthorizationView = { status: 'idle' };
  /** The instance's state as getStateInstance last gave it; undefined until asked. */
  stateInstance?: InstanceState;
  #activeTransport: GreenApiQrTransport | null = null;
  /** The attribute hint last logged, so that it is logged once. */
  #warnedHint?: string;
  /** What the last `statuschange` said, so that one fires only when something in it changed. */
  #publishedStatus = statusKey('idle', null, undefined, undefined);

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #settings: () => AuthorizationSettings;
  /** Outlives sessions, so that the rate-limit gaps hold across restarts. */
  readonly #client = new GreenApiClient(() => this.#settings().requestHeaders);
  #session = 0;
  #running = false;
  #restartOnConnect = false;
  #credentials?: Credentials;
  #active?: Activity;
  #staleTimer?: ReturnType<typeof setTimeout>;
  #tickTimer?: ReturnType<typeof setTimeout>;
  #lastReportedError?: string;
  readonly #maxWait = new MaxWaitClock(
    () => effectiveMaxWait(this.#settings().maxWait),
    () => this.#expire(),
  );
  #unwatchPage?: () => void;
  #settleLogout?: () => void;
  /** What the socket's accountData said, kept for the `authorized` detail while getWaSettings is asked. */
  #linkedAccount: AccountInfo = {};
  /** The number the user typed into the form: "Get a new code" and "Try again" reuse it instead of asking again. */
  #typedPhoneNumber = '';

  constructor(host: ReactiveControllerHost & HTMLElement, settings: () => AuthorizationSettings) {
    this.#host = host;
    this.#settings = settings;
    host.addController(this);
  }

  get running(): boolean {
    return this.#running;
  }

  /** The live QR transport, or null when no QR source runs. */
  get activeTransport(): GreenApiQrTransport | null {
    return this.#activeTransport;
  }

  hostConnected(): void {
    this.#unwatchPage ??= watchPageEnvironment(this.#onEnvironmentChange);
    if (this.#restartOnConnect) {
      this.#restartOnConnect = false;
      this.start();
    }
  }

  hostDisconnected(): void {
    this.#unwatchPage?.();
    this.#unwatchPage = undefined;
    // Moving the element in the DOM disconnects and reconnects it: pick up where it was then.
    this.#restartOnConnect = this.#running;
    this.#halt();
  }

  /** Opens a new session with the current settings: validates them, then asks the instance's state at once. */
  start(): void {
    if (!this.#open()) return;
    this.#setView({ status: 'loading', task: 'state', waitingSince: Date.now(), pausedFor: currentPauseReason() });
    this.#run(this.#stateCheck());
  }

  /** Ends the session; an authorized element stays authorized, anything else goes back to idle. */
  stop(): void {
    this.#halt();
    this.#restartOnConnect = false;
    if (this.view.status !== 'authorized') this.#setView({ status: 'idle' });
  }

  /** Re-arms the max-wait clock after `max-wait` changed while a code is on screen. */
  settingsChanged(): void {
    this.#maxWait.restart();
  }

  /** Takes the number the user typed (status `phone`) and asks for a pairing code; false, with a `config` error, when it is not a number. */
  submitPhoneNumber(input: string): boolean {
    const number = normalizePhoneNumber(input);
    if (!number.ok) {
      this.#report(number.error);
      this.#setView({ ...this.view, error: number.error });
      return false;
    }
    this.#typedPhoneNumber = number.value;
    if (this.view.status === 'phone' && this.#running) this.#requestPairingCode(number.value);
    return true;
  }

  /** Forgets the typed number and asks for another one (status `phone`), e.g. after a typo. */
  changePhoneNumber(): void {
    this.#typedPhoneNumber = '';
    this.start();
  }

  /** Logs the instance out, waits out GREEN-API's cleanup (logoutProcess) and starts again; settles when it is done or failed. */
  logout(): Promise<void> {
    if (!this.#open()) return Promise.resolve();
    const done = new Promise<void>((resolve) => (this.#settleLogout = resolve));
    this.#setView({ status: 'loading', task: 'logout', waitingSince: Date.now(), pausedFor: currentPauseReason() });
    this.#run(logoutFlow(this.#context()));
    return done;
  }

  /** Stops the old session and checks the settings; true when a new session is running. */
  #open(): boolean {
    this.#halt();
    // Settings changed on a detached element: run once it is back on the page, never off it.
    this.#restartOnConnect = !this.#host.isConnected;
    if (this.#restartOnConnect) return false;
    this.#lastReportedError = undefined;
    this.#maxWait.reset();
    const settings = this.#settings();
    const missing = missingCredentials(settings.credentials);
    // An element with no credential at all is only being set up: nothing of it is judged yet.
    const problem = missing.length < 2 ? (checkCredentials(settings.credentials) ?? checkModes(settings)) : undefined;
    if (problem) {
      this.#fail(problem);
      return false;
    }
    if (missing.length) {
      // Not an error: pages often fetch the token from their backend after the element is shown.
      this.#setView({ status: 'idle', waitingFor: missing });
      return false;
    }
    this.#credentials = { ...settings.credentials };
    this.#running = true;
    return true;
  }

  #halt(): void {
    this.#session++;
    this.#running = false;
    this.#active?.stop();
    this.#active = undefined;
    this.#activeTransport = null;
    this.#maxWait.pause();
    for (const timer of [this.#staleTimer, this.#tickTimer]) clearTimeout(timer);
    this.#staleTimer = this.#tickTimer = undefined;
    this.#settleLogout?.();
    this.#settleLogout = undefined;
  }

  /** Makes `activity` the one that runs (unless the page is hidden or offline, which starts it later). */
  #run(activity: Activity): void {
    this.#active?.stop();
    this.#active = activity;
    if (!this.view.pausedFor) activity.start();
  }

  #context(): SourceContext {
    const session = this.#session;
    return {
      client: this.#client,
      credentials: this.#credentials!,
      // An activity of an older session may still be unwinding: what it says is not news.
      emit: (event) => {
        if (session === this.#session) this.#onSourceEvent(event);
      },
    };
  }

  /** getStateInstance before anything else, with the QR source's head start beside it (not for pairing codes: that is an action). */
  #stateCheck(): StateCheck {
    const context = this.#context();
    const transport = this.#qrTransport();
    const byQr = this.#settings().method === 'qr';
    const headStart = byQr ? new HeadStart(transport, context, (held) => this.#qrSource(held, transport), this.#pollInterval) : undefined;
    if (!byQr) preloadPairingCodeFlow();
    const outcomes: StateOutcomes = {
      known: (state) => (this.stateInstance = state),
      link: (headStart) => this.#beginLinking(headStart),
      authorized: () => this.#finish(),
      fail: (error) => this.#fail(error),
      wait: (state, error) => {
        const startingSince = state === 'starting' ? (this.view.startingSince ?? Date.now()) : undefined;
        this.#setView({ ...this.view, error, retryAt: undefined, startingSince });
        this.#report(error);
      },
      retrying: (error, retryAt) => this.#retrying(error, retryAt),
    };
    return new StateCheck(context, outcomes, headStart);
  }

  #beginLinking(headStart?: HeadStart): void {
    const { method, phoneNumber: givenNumber } = this.#settings();
    const phoneNumber = givenNumber.trim() || this.#typedPhoneNumber;
    if (method === 'phone') {
      if (phoneNumber) {
        const number = normalizePhoneNumber(phoneNumber);
        if (number.ok) this.#requestPairingCode(number.value);
        else this.#fail(number.error);
      } else {
        this.#active = undefined;
        this.#setView({ status: 'phone', pausedFor: this.view.pausedFor });
      }
      return;
    }
    // The same wait goes on for the user, whether the instance was checked once or for minutes.
    this.#setView({ status: 'loading', task: 'qr', waitingSince: this.view.waitingSince ?? Date.now(), pausedFor: this.view.pausedFor });
    if (headStart) {
      // Already running (it started with the state check): it only needs to be listened to.
      this.#active = headStart.source;
      this.#useTransport(headStart.transport);
      headStart.release();
    } else {
      const transport = this.#qrTransport();
      this.#useTransport(transport);
      this.#run(this.#qrSource(this.#context(), transport));
    }
  }

  readonly #pollInterval = (): number => effectivePollInterval(this.#settings().pollInterval);

  /** The transport asked for: checked by #open() when the session started. */
  #qrTransport(): GreenApiQrTransport {
    return this.#settings().transport as GreenApiQrTransport;
  }

  #qrSource(context: SourceContext, transport: GreenApiQrTransport): Activity {
    return transport === 'websocket'
      ? socketQrSource(context)
      : new HttpQrSource(context, this.#pollInterval);
  }

  #requestPairingCode(phoneNumber: string): void {
    this.#setView({ status: 'loading', task: 'pairing-code', waitingSince: Date.now(), pausedFor: this.view.pausedFor });
    this.#run(pairingCodeFlow(this.#context(), phoneNumber));
  }

  #onSourceEvent(event: SourceEvent): void {
    switch (event.kind) {
      case 'qr-code':
        this.#showCode(event.image, event.freshForMs);
        break;
      case 'pairing-code':
        this.#lastReportedError = undefined;
        this.#setView({ status: 'code', pairingCode: event.code, codeExpiresAt: event.expiresAt, pausedFor: this.view.pausedFor });
        break;
      case 'pairing-code-expired':
        this.#halt();
        this.#setView({ status: 'expired', expiredCode: 'pairing-code' });
        break;
      case 'authorized':
        this.#finish(event.account);
        break;
      case 'retrying':
        this.#retrying(event.error, event.retryAt);
        break;
      case 'failed':
        this.#fail(event.error);
        break;
      case 'socket-unavailable':
        // Polling gives the same codes; the picture and the max-wait clock carry on.
        this.#useTransport('poll');
        this.#run(this.#qrSource(this.#context(), 'poll'));
        break;
      case 'account-known':
        this.#announce(event.account);
        break;
      case 'logged-out':
        this.start();
        break;
    }
  }

  #showCode(image: string, freshForMs: number): void {
    this.#lastReportedError = undefined;
    const wasShowing = this.view.status === 'qr';
    // The same code again (GREEN-API answers it for 20 s) with nothing else to say: no re-render.
    const unchanged = wasShowing && this.view.image === image && !this.view.error && this.view.retryAt === undefined;
    if (!unchanged) this.#setView({ status: 'qr', image, pausedFor: this.view.pausedFor });
    if (!wasShowing) {
      this.#maxWait.resume();
      preloadAccountFlows();
    }
    clearTimeout(this.#staleTimer);
    this.#staleTimer = setTimeout(() => this.#dropStaleCode(), freshForMs);
  }

  /** No fresh code arrived in time (slow answers, retries): hide the old one rather than show a dead code. */
  #dropStaleCode(): void {
    this.#staleTimer = undefined;
    if (this.view.status !== 'qr') return;
    this.#maxWait.pause();
    const { error, retryAt, pausedFor } = this.view;
    this.#setView({ status: 'loading', task: 'qr', waitingSince: Date.now(), error, retryAt, pausedFor });
  }

  /** Linked: ask getWaSettings once for who it is (accountLookup), then tell the page (#announce). */
  #finish(linked: AccountInfo = {}): void {
    this.#activeTransport = null;
    // Linked in time: neither max-wait nor staleness may overtake the account lookup.
    this.#maxWait.pause();
    clearTimeout(this.#staleTimer);
    this.#staleTimer = undefined;
    this.#linkedAccount = linked;
    this.#setView({ status: 'loading', task: 'account', waitingSince: Date.now(), pausedFor: this.view.pausedFor });
    this.#run(accountLookup(this.#context()));
  }

  #announce(account: AccountInfo): void {
    this.#halt();
    if (this.stateInstance !== 'yellowCard') this.stateInstance = 'authorized';
    const detail: GreenApiQrAuthorizedDetail = { idInstance: this.#credentials!.idInstance, ...this.#linkedAccount, ...account };
    this.#setView({ status: 'authorized', account: detail });
    this.#host.dispatchEvent(authorizedEvent(detail));
  }

  #retrying(error: GreenApiQrErrorDetail, retryAt: number): void {
    this.#report(error);
    this.#setView({ ...this.view, error, retryAt });
  }

  #fail(error: GreenApiQrErrorDetail): void {
    this.#halt();
    this.#setView({ status: 'error', error });
    this.#report(error);
  }

  /** One `error` event per distinct failure: a run of identical failed requests is reported once. */
  #report(error: GreenApiQrErrorDetail): void {
    const key = `${error.code}:${error.status ?? ''}:${error.code === 'instance-state' ? error.message : ''}`;
    if (key === this.#lastReportedError) return;
    this.#lastReportedError = key;
    this.#host.dispatchEvent(errorEvent({ ...error }));
  }

  #expire(): void {
    this.#halt();
    this.#setView({ status: 'expired', expiredCode: 'qr' });
  }

  readonly #onEnvironmentChange = (): void => {
    if (!this.#running) return;
    const reason = currentPauseReason();
    if (reason === this.view.pausedFor) return;
    if (reason) {
      this.#active?.stop();
      this.#maxWait.pause();
      this.#setView({ ...this.view, pausedFor: reason });
    } else {
      // A fresh attempt starts now: the failure that was being retried is no longer the news.
      this.#setView({ ...this.view, pausedFor: undefined, retryAt: undefined, error: undefined });
      if (this.view.status === 'qr') this.#maxWait.resume();
      this.#active?.start();
    }
  };

  #setView(view: AuthorizationView): void {
    this.view = view;
    this.#host.requestUpdate();
    this.#keepTicking();
    this.#publishStatus();
  }

  #useTransport(transport: GreenApiQrTransport): void {
    this.#activeTransport = transport;
    this.#publishStatus();
  }

  /** `statuschange` when the status, the transport, the instance's state or the attribute hint differs from what the page was last told. */
  #publishStatus(): void {
    const { status } = this.view;
    const hint = this.#settings().attributeHint;
    const key = statusKey(status, this.#activeTransport, this.stateInstance, hint);
    if (key === this.#publishedStatus) return;
    this.#publishedStatus = key;
    // Said once in the console; every statuschange carries it while it holds, so a page that listens late still hears it.
    if (hint && hint !== this.#warnedHint) console.warn((this.#warnedHint = hint));
    this.#host.dispatchEvent(statusChangeEvent({ status, activeTransport: this.#activeTransport, stateInstance: this.stateInstance, ...(hint && { hint }) }));
  }

  /** Re-renders once a second while a clock is visible (time spent loading, a countdown). */
  #keepTicking(): void {
    clearTimeout(this.#tickTimer);
    this.#tickTimer = undefined;
    const { status, retryAt, pausedFor } = this.view;
    const clockVisible = status === 'loading' || status === 'code' || retryAt !== undefined;
    if (!this.#running || pausedFor || !clockVisible) return;
    this.#tickTimer = setTimeout(() => {
      this.#host.requestUpdate();
      this.#keepTicking();
    }, TICK_MS);
  }
}

function statusKey(status: GreenApiQrStatus, transport: GreenApiQrTransport | null, state: InstanceState | undefined, hint: string | undefined): string {
  return `${status}|${transport}|${state === undefined ? 'undefined' : String(state)}|${hint ?? ''}`;
}
