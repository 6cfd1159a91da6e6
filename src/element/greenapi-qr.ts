import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { DEFAULT_API_URL } from '../protocol/index.js';
import { AuthorizationController } from './authorization-controller.js';
import { AuthorizationScreen } from './authorization-screen.js';
import type { AuthorizationSettings } from './authorization-view.js';
import { elementControls } from './greenapi-qr.controls.js';
import { styles } from './greenapi-qr.styles.js';
import { renderDefaultText, renderPicture } from './greenapi-qr.templates.js';
import { elementLanguage } from './language.js';
import { renderTurn } from './render-turns.js';
import { DEFAULT_MAX_WAIT, DEFAULT_POLL_INTERVAL, readSettings } from './settings.js';
import type { GreenApiQrEventMap, GreenApiQrMethod, GreenApiQrStatus, GreenApiQrStringOverrides, GreenApiQrTransport, InstanceState } from './public-types.js';

// The entry `greenapi-qr/greenapi-qr.js` (the element without defining it) names these too.
export type { GreenApiQrMethod, GreenApiQrStatus, GreenApiQrTransport } from './public-types.js';

/**
 * Shows a GREEN-API WhatsApp instance's QR code, keeps it fresh while the phone scans it, and tells
 * the page when the instance is authorized.
 *
 * @summary WhatsApp (GREEN-API) QR login.
 * @tag greenapi-qr
 *
 * @attr status - Read-only mirror of the `status` property, for CSS such as `greenapi-qr[status="qr"]`.
 *
 * @fires {CustomEvent<{ idInstance: string; phone?: string; wid?: string; name?: string; avatar?: string }>} authorized - Once, when the instance is authorized, with what GREEN-API tells about the account. Bubbles, composed.
 * @fires {CustomEvent<{ code: string; message: string; status?: number; retryable: boolean }>} error - Once per distinct failure. Does not bubble.
 * @fires {CustomEvent<{ status: string; activeTransport: 'poll' | 'websocket' | null; stateInstance?: string | null; hint?: string }>} statuschange - Whenever `status`, `activeTransport` or `stateInstance` changes, never for a property the page set. `hint` (for developers) names attributes no property reads, such as `idinstance` written by a framework from a camelCase prop. Does not bubble.
 *
 * @slot idle - Replaces the text shown while `id-instance` or `api-token-instance` is not set yet, or after `stop()` (the "Show QR code" button stays).
 * @slot loading - Replaces the text shown while waiting (for the instance, a code, the account details, a logout).
 * @slot phone - Replaces the title above the phone-number field (`method="phone"`).
 * @slot qr - Replaces the scanning instructions under the code.
 * @slot code - Replaces the instructions under the pairing code.
 * @slot authorized - Replaces the success text.
 * @slot error - Replaces the error text (its buttons stay).
 * @slot expired - Replaces the expiry text (the "Reload QR code" or "Get a new code" button stays).
 *
 * @csspart base - The outer box.
 * @csspart frame - The square that holds the code, the progress bar or an icon.
 * @csspart qr - The QR code `<img>`.
 * @csspart pairing-code - The pairing code, `XXXX-XXXX`.
 * @csspart avatar - The linked account's picture (status `authorized`).
 * @csspart progress - The loading bar.
 * @csspart icon - The success, error, expiry or phone icon.
 * @csspart status - The live region that announces each state.
 * @csspart message - The main line of text.
 * @csspart hint - Secondary text: instructions, elapsed time, countdowns.
 * @csspart form - The phone-number form.
 * @csspart label - The phone-number field's label.
 * @csspart input - The phone-number field.
 * @csspart button - Every button: "Try again", "Reload QR code", "Show QR code", "Get code", "Copy code", "Get a new code", "Log out…", "Use a QR code instead".
 *
 * @cssprop [--greenapi-qr-size=264px] - Side of the QR code square.
 * @cssprop [--greenapi-qr-accent=#008069] - Buttons, progress bar, success icon.
 * @cssprop [--greenapi-qr-accent-contrast=#fff] - Text on the accent colour.
 * @cssprop [--greenapi-qr-color=inherit] - Text colour.
 * @cssprop [--greenapi-qr-background=transparent] - Background of the outer box.
 * @cssprop [--greenapi-qr-frame-background=#fff] - Background behind the code; keep it light so phones can read the code.
 * @cssprop [--greenapi-qr-padding=16px] - Padding of the outer box.
 * @cssprop [--greenapi-qr-radius=12px] - Corner radius of the outer box.
 * @cssprop [--greenapi-qr-font-family=inherit] - Font.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the interface below only adds typed listener overloads
export class GreenApiQr extends LitElement {
  static override styles = styles;
  static override properties = {
    idInstance: { attribute: 'id-instance' },
    apiTokenInstance: { attribute: 'api-token-instance' },
    apiUrl: { attribute: 'api-url' },
    proxyUrl: { attribute: 'proxy-url' },
    withCredentials: { attribute: 'with-credentials', type: Boolean },
    requestHeaders: { attribute: false },
    method: { reflect: true },
    transport: {},
    phoneNumber: { attribute: 'phone-number' },
    pollInterval: { attribute: 'poll-interval', type: Number },
    maxWait: { attribute: 'max-wait', type: Number },
    strings: { attribute: false },
  };

  /** Defines the element unless the tag is taken already (for example by a second copy of the bundle). */
  static define(tag = 'greenapi-qr', registry: CustomElementRegistry = customElements): void {
    if (!registry.get(tag)) registry.define(tag, this);
  }

  /** GREEN-API instance id (digits). */
  idInstance = '';

  /** The instance's API token. A secret: prefer setting the property to the attribute. */
  apiTokenInstance = '';

  /** GREEN-API host of the instance, e.g. `https://7103.api.greenapi.com`; a trailing slash is fine. */
  apiUrl = DEFAULT_API_URL;

  /**
   * Your backend's relay route (absolute or relative to the page, e.g. `/api/whatsapp`), served by
   * `greenapi-qr/server`: calls go to `{proxyUrl}/waInstance{id}/{method}` with no token, and the
   * server adds it. Then `api-token-instance` must not be set.
   */
  proxyUrl = '';

  /** With `proxy-url` on another origin: send the page's cookies there too (`credentials: 'include'`). */
  withCredentials = false;

  /** With `proxy-url`: headers added to every HTTP request to it (a CSRF token, `Authorization: Bearer …`). Never shown in the DOM, an event or the console. */
  declare requestHeaders?: HeadersInit;

  /** How to link: `qr` (scan a QR code) or `phone` (type a pairing code that GREEN-API sends for a phone number). */
  method: GreenApiQrMethod = 'qr';

  /** How QR codes arrive: `poll` (HTTP `qr`) or `websocket` (pushed over `scanqrcode`, falling back to polling when the socket cannot be used). */
  transport: GreenApiQrTransport = 'poll';

  /** With `method="phone"`: the number to link, with its country code. Without it the element asks the user. */
  phoneNumber = '';

  /** Milliseconds from the end of one `qr` request to the start of the next; no two ever start less than 350 ms apart (GREEN-API allows 3 requests/s). */
  pollInterval = DEFAULT_POLL_INTERVAL;

  /** Milliseconds of showing QR codes without a scan before it stops and offers "Reload QR code". */
  maxWait = DEFAULT_MAX_WAIT;

  /** Overrides for any of the texts; the rest follow `lang` (English or Russian). */
  strings: GreenApiQrStringOverrides = {};

  /** The settings, as the properties say now. */
  readonly #settings = (): AuthorizationSettings => readSettings(this, GreenApiQr.elementProperties);
  readonly #screen = new AuthorizationScreen(this, () => this.#settings().attributeHint);
  readonly #controller = new AuthorizationController(this, this.#screen, this.#settings);
  readonly #texts = elementLanguage(this);
  readonly #controls = elementControls(this, this.#controller);

  /** `idle`, `loading`, `phone`, `qr`, `code`, `authorized`, `error` or `expired`. Reflected to the `status` attribute. */
  get status(): GreenApiQrStatus {
    return this.#screen.view.status;
  }

  /** The transport that delivers QR codes right now: `websocket`, `poll` (also after a fallback), or null when none runs. */
  get activeTransport(): GreenApiQrTransport | null {
    return this.#screen.activeTransport;
  }

  /** The instance's `stateInstance` as GREEN-API last gave it (null: still being created); undefined until asked. */
  get stateInstance(): InstanceState | undefined {
    return this.#screen.stateInstance;
  }

  /** Starts, unless it is running already. Runs by itself once connected with an id and a token; until both are set it waits in `idle`. */
  start(): void {
    if (!this.#screen.running) this.#controller.start();
  }

  /** Stops all requests, sockets and timers; the element shows its idle state (or stays authorized). */
  stop(): void {
    this.#controller.stop();
  }

  /** Starts over: what "Try again", "Reload QR code" and "Get a new code" do. */
  refresh(): void {
    this.#controller.start();
  }

  /**
   * Logs the instance out (GREEN-API `logout`), waits while GREEN-API cleans up, then starts over
   * with a new code: what "Log out and get a new QR code" does. The promise settles when that is
   * done or has failed (failures fire `error`); it never rejects.
   */
  logout(): Promise<void> {
    return this.#controller.logout();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const restartOn = ['idInstance', 'apiTokenInstance', 'apiUrl', 'proxyUrl', 'withCredentials', 'method', 'transport', 'phoneNumber'] as const;
    // Frameworks often set these one by one, in one task or (a token fetched from a backend) later:
    // the controller waits in `idle` for whatever is missing, so a half-configured element is no error.
    if (restartOn.some((name) => changed.has(name))) this.#controller.start();
    if (changed.has('maxWait')) this.#controller.settingsChanged();
  }

  /** In a crowded page each element takes its turn to render (render-turns.ts). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const turn = renderTurn();
    return turn ? turn.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override update(changed: PropertyValues<this>): void {
    if (this.getAttribute('status') !== this.status) this.setAttribute('status', this.status);
    super.update(changed);
  }

  protected override render(): TemplateResult {
    const view = this.#screen.view;
    // The picture shows at once; the texts once they are in the element's language (language.ts).
    const [text, ready] = this.#texts(this.strings);
    return html`
      <div part="base" class="base">
        <div part="frame" class="frame">${renderPicture(view, text)}</div>
        <div class="text">
          <div part="status" role="status">${ready ? html`<slot name=${view.status}>${renderDefaultText(view, text, this)}</slot>` : nothing}</div>
          ${ready ? this.#controls(view, text) : nothing}
        </div>
      </div>
    `;
  }
}

/** What a page or a framework sets on the element: the typed props of the React, JSX and Vue bindings. */
export type GreenApiQrProperties = Pick<
  GreenApiQr,
  | 'idInstance'
  | 'apiTokenInstance'
  | 'apiUrl'
  | 'proxyUrl'
  | 'withCredentials'
  | 'requestHeaders'
  | 'method'
  | 'transport'
  | 'phoneNumber'
  | 'pollInterval'
  | 'maxWait'
  | 'strings'
>;

// Typed listeners for the element's own events, including its CustomEvent `error`.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- declarations only, no members to initialise
export interface GreenApiQr {
  addEventListener<K extends keyof GreenApiQrEventMap>(
    type: K,
    listener: (this: GreenApiQr, event: GreenApiQrEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof GreenApiQrEventMap>(
    type: K,
    listener: (this: GreenApiQr, event: GreenApiQrEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}
