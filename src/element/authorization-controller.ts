import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AuthorizationScreen } from './authorization-screen.js';
import { openSession, type AuthorizationSession } from './authorization-session.js';
import type { AuthorizationSettings, Screen } from './authorization-view.js';
import { GreenApiClient } from './greenapi-client.js';
import { currentPauseReason, watchPageEnvironment } from './page-environment.js';
import { normalizePhoneNumber } from './phone-number.js';
import { checkSettings } from './settings.js';

/**
 * Runs one `<greenapi-qr>`'s way to authorization, as sessions (authorization-session.ts) shown on
 * its screen (authorization-screen.ts): each `start()` checks the settings and opens a new session,
 * stopping the one before, whatever it still reports ignored. It also follows the element in and
 * out of the page and pauses the session while the page is hidden or offline.
 */
export class AuthorizationController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #screen: AuthorizationScreen;
  readonly #settings: () => AuthorizationSettings;
  /** Outlives sessions, so that the rate-limit gaps hold across restarts. */
  readonly #client = new GreenApiClient(() => this.#settings().requestHeaders);
  #session?: AuthorizationSession;
  #restartOnConnect = false;
  #unwatchPage?: () => void;
  /** The number the user typed into the form: "Get a new code" and "Try again" reuse it instead of asking again. */
  #typedPhoneNumber = '';

  constructor(host: ReactiveControllerHost & HTMLElement, screen: AuthorizationScreen, settings: () => AuthorizationSettings) {
    this.#host = host;
    this.#screen = screen;
    this.#settings = settings;
    host.addController(this);
  }

  hostConnected(): void {
    this.#unwatchPage ??= watchPageEnvironment(this.#onEnvironmentChange);
    if (this.#restartOnConnect) this.start();
  }

  hostDisconnected(): void {
    this.#unwatchPage?.();
    this.#unwatchPage = undefined;
    // Moving the element in the DOM disconnects and reconnects it: pick up where it was then.
    this.#restartOnConnect = this.#screen.running;
    this.#halt();
  }

  /** Opens a new session with the current settings: validates them, then asks the instance's state at once. */
  start(): void {
    this.#open()?.checkState();
  }

  /** Ends the session; an authorized element stays authorized, anything else goes back to idle. */
  stop(): void {
    this.#halt();
    this.#restartOnConnect = false;
    if (this.#screen.view.status !== 'authorized') this.#screen.show({ status: 'idle' });
  }

  /** Re-arms the max-wait clock after `max-wait` changed while a code is on screen. */
  settingsChanged(): void {
    this.#session?.maxWaitChanged();
  }

  /** Takes the number the user typed (status `phone`) and asks for a pairing code; false, with a `config` error, when it is not a number. */
  submitPhoneNumber(input: string): boolean {
    const screen = this.#screen;
    const number = normalizePhoneNumber(input);
    if (!number.ok) {
      screen.report(number.error);
      screen.amend({ error: number.error });
      return false;
    }
    this.#typedPhoneNumber = number.value;
    if (screen.view.status === 'phone' && screen.running) this.#session!.requestPairingCode(number.value);
    return true;
  }

  /** Forgets the typed number and asks for another one (status `phone`), e.g. after a typo. */
  changePhoneNumber(): void {
    this.#typedPhoneNumber = '';
    this.start();
  }

  /** Logs the instance out, waits out GREEN-API's cleanup (logoutProcess) and starts again; settles when it is done or failed. */
  logout(): Promise<void> {
    return this.#open()?.logout() ?? Promise.resolve();
  }

  /** Stops the old session and checks the settings; the new session, unless they keep it from running. */
  #open(): AuthorizationSession | undefined {
    this.#halt();
    // Settings changed on a detached element: run once it is back on the page, never off it.
    this.#restartOnConnect = !this.#host.isConnected;
    if (this.#restartOnConnect) return undefined;
    const screen = this.#screen;
    screen.clearError();
    const settings = this.#settings();
    const check = checkSettings(settings);
    if ('code' in check) {
      screen.show({ status: 'error', error: check });
      screen.report(check);
      return undefined;
    }
    if (check.length) {
      // Not an error: pages often fetch the token from their backend after the element is shown.
      screen.show({ status: 'idle', waitingFor: check });
      return undefined;
    }
    screen.pausedFor = currentPauseReason();
    screen.running = true;
    return (this.#session = openSession({
      screen,
      client: this.#client,
      settings: this.#settings,
      credentials: { ...settings.credentials },
      typedPhoneNumber: this.#typedPhoneNumber,
      end: (last) => this.#end(last),
      restart: () => this.start(),
    }));
  }

  /** Ends the session on `screen`. */
  #end(screen: Screen): void {
    this.#halt();
    this.#screen.show(screen);
  }

  #halt(): void {
    this.#session?.stop();
    this.#screen.running = false;
    this.#screen.activeTransport = null;
  }

  readonly #onEnvironmentChange = (): void => {
    const screen = this.#screen;
    const reason = currentPauseReason();
    if (!screen.running || reason === screen.pausedFor) return;
    screen.pausedFor = reason;
    if (reason) {
      this.#session!.pause();
      screen.show(screen.view);
    } else {
      // A fresh attempt starts now: the failure that was being retried is no longer the news.
      screen.amend({ error: undefined, retryAt: undefined });
      this.#session!.resume();
    }
  };
}
