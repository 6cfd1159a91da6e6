import { LitElement, html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { DEFAULT_API_URL } from './api.js';
import type { GreenApiQrEventMap } from './events.js';
import { styles } from './greenapi-qr.styles.js';
import { DEFAULT_MAX_WAIT, DEFAULT_POLL_INTERVAL, QrPollController, type GreenApiQrStatus, type PollView } from './qr-poll-controller.js';
import { fill, resolveStrings, type GreenApiQrStringOverrides, type GreenApiQrStrings } from './strings.js';

export type { GreenApiQrStatus } from './qr-poll-controller.js';

/** Loading longer than this shows that the first code can take minutes. */
const SLOW_LOADING_MS = 15_000;

const successIcon = svg`<path fill="currentColor" d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm-1.2 14.2-4-4 1.4-1.4 2.6 2.6 5.6-5.6 1.4 1.4-7 7Z"/>`;
const failureIcon = svg`<path fill="currentColor" d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm1 15h-2v-2h2v2Zm0-4h-2V7h2v6Z"/>`;
const expiredIcon = svg`<path fill="currentColor" d="M12 4V1L8 5l4 4V6a6 6 0 1 1-6 6H4a8 8 0 1 0 8-8Z"/>`;

/**
 * Shows a GREEN-API WhatsApp instance's QR code, keeps it fresh while the phone scans it, and tells
 * the page when the instance is authorized.
 *
 * @summary WhatsApp (GREEN-API) QR login.
 * @tag greenapi-qr
 *
 * @attr status - Read-only mirror of the `status` property, for CSS such as `greenapi-qr[status="qr"]`.
 *
 * @fires {CustomEvent<{ idInstance: string }>} authorized - Once, when the instance is authorized. Bubbles, composed.
 * @fires {CustomEvent<{ code: string; message: string; status?: number; retryable: boolean }>} error - Once per distinct failure. Does not bubble.
 *
 * @slot idle - Replaces the text shown before credentials are set, or after `stop()` (the "Show QR code" button stays).
 * @slot loading - Replaces the text shown while waiting for a code.
 * @slot qr - Replaces the scanning instructions under the code.
 * @slot authorized - Replaces the success text.
 * @slot error - Replaces the error text (the "Try again" button stays).
 * @slot expired - Replaces the expiry text (the "Reload QR code" button stays).
 *
 * @csspart base - The outer box.
 * @csspart frame - The square that holds the code, the progress bar or an icon.
 * @csspart qr - The QR code `<img>`.
 * @csspart progress - The loading bar.
 * @csspart icon - The success, error or expiry icon.
 * @csspart status - The live region that announces each state.
 * @csspart message - The main line of text.
 * @csspart hint - Secondary text: instructions, elapsed time, retry countdown.
 * @csspart button - "Try again", "Reload QR code" and "Show QR code".
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

  /** Defines the element unless the tag is taken already (for example by a second copy of the bundle). */
  static define(tag = 'greenapi-qr', registry: CustomElementRegistry = customElements): void {
    if (!registry.get(tag)) registry.define(tag, this);
  }

  /** GREEN-API instance id (digits). */
  @property({ attribute: 'id-instance' }) idInstance = '';

  /** The instance's API token. A secret: prefer setting the property to the attribute. */
  @property({ attribute: 'api-token-instance' }) apiTokenInstance = '';

  /** GREEN-API host of the instance, e.g. `https://7103.api.greenapi.com`; a trailing slash is fine. */
  @property({ attribute: 'api-url' }) apiUrl = DEFAULT_API_URL;

  /** Milliseconds from the end of one request to the start of the next; no two requests ever start less than 334 ms apart (3 requests/s). */
  @property({ attribute: 'poll-interval', type: Number }) pollInterval = DEFAULT_POLL_INTERVAL;

  /** Milliseconds of showing codes without a scan before it stops and offers "Reload QR code". */
  @property({ attribute: 'max-wait', type: Number }) maxWait = DEFAULT_MAX_WAIT;

  /** Overrides for any of the texts; the rest follow `lang` (English or Russian). */
  @property({ attribute: false }) strings: GreenApiQrStringOverrides = {};

  readonly #poll = new QrPollController(this, () => ({
    credentials: {
      idInstance: String(this.idInstance ?? '').trim(),
      apiTokenInstance: String(this.apiTokenInstance ?? '').trim(),
      apiUrl: String(this.apiUrl ?? '').trim() || DEFAULT_API_URL,
    },
    pollInterval: Number(this.pollInterval),
    maxWait: Number(this.maxWait),
  }));

  /** Re-renders when `lang` changes on the element or any ancestor, since the texts follow it. */
  #langObserver?: MutationObserver;

  /** `idle`, `loading`, `qr`, `authorized`, `error` or `expired`. Reflected to the `status` attribute. */
  get status(): GreenApiQrStatus {
    return this.#poll.view.status;
  }

  /** Starts asking for codes, unless it is doing so already. Runs by itself once connected with an id and a token. */
  start(): void {
    if (!this.#poll.running) this.#poll.start();
  }

  /** Stops all requests and timers; the element shows its idle state (or stays authorized). */
  stop(): void {
    this.#poll.stop();
  }

  /** Starts over with a new code: what "Try again" and "Reload QR code" do. */
  refresh(): void {
    this.#poll.start();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#langObserver ??= new MutationObserver(() => this.requestUpdate());
    this.#langObserver.observe(document.documentElement, { attributeFilter: ['lang'], subtree: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#langObserver?.disconnect();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('idInstance') || changed.has('apiTokenInstance') || changed.has('apiUrl')) {
      // Frameworks often set these one by one after creating the element; Lit batches them into
      // this single update, so a half-configured element never fires a `config` error.
      if (!this.#hasAnyCredential()) this.#poll.stop();
      else this.#poll.start();
    }
    if (changed.has('maxWait')) this.#poll.settingsChanged();
  }

  protected override update(changed: PropertyValues<this>): void {
    if (this.getAttribute('status') !== this.status) this.setAttribute('status', this.status);
    super.update(changed);
  }

  protected override render(): TemplateResult {
    const view = this.#poll.view;
    const text = resolveStrings(this.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang, this.strings);
    return html`
      <div part="base" class="base">
        <div part="frame" class="frame">${this.#renderPicture(view, text)}</div>
        <div class="text">
          <div part="status" role="status">
            <slot name=${view.status}>${this.#renderDefaultText(view, text)}</slot>
          </div>
          ${this.#renderClock(view, text)} ${this.#renderAction(view, text)}
        </div>
      </div>
    `;
  }

  #hasAnyCredential(): boolean {
    return Boolean(this.idInstance || this.apiTokenInstance);
  }

  #renderPicture(view: PollView, text: GreenApiQrStrings): TemplateResult {
    switch (view.status) {
      case 'qr':
        return html`<img part="qr" src="data:image/png;base64,${view.image}" alt=${text.qrAlt} width="256" height="256" />`;
      case 'authorized':
        return icon('success', successIcon);
      case 'error':
        return icon('failure', failureIcon);
      case 'expired':
        return icon('expired', expiredIcon);
      case 'loading':
        return html`<div part="progress" aria-hidden="true"></div>`;
      case 'idle':
        return html``;
    }
  }

  #renderDefaultText(view: PollView, text: GreenApiQrStrings): TemplateResult {
    const paused = view.pausedFor === 'hidden' ? text.pausedHidden : view.pausedFor === 'offline' ? text.pausedOffline : undefined;
    switch (view.status) {
      case 'idle':
        return message(this.#hasAnyCredential() ? text.stopped : text.idle);
      case 'loading':
        return message(paused ?? (view.error ? text.errors[view.error.code] : text.loading));
      case 'qr':
        return html`${message(paused ?? text.scanTitle)}<p part="hint">${text.scanSteps}</p>`;
      case 'authorized':
        return message(text.authorized);
      case 'error':
        // The English developer message says exactly what to fix (it never holds the token).
        return html`${message(view.error ? text.errors[view.error.code] : text.errors.api)}
          <p part="hint">${view.error?.message}</p>`;
      case 'expired':
        return message(text.expired);
    }
  }

  /** Time is outside the live region: a screen reader should not read out every second. */
  #renderClock(view: PollView, text: GreenApiQrStrings): TemplateResult | typeof nothing {
    if (view.pausedFor || (view.status !== 'loading' && view.status !== 'qr')) return nothing;
    const now = Date.now();
    const lines: string[] = [];
    if (view.retryAt !== undefined) {
      if (view.status === 'qr' && view.error) lines.push(text.errors[view.error.code]);
      lines.push(fill(text.retrying, { seconds: Math.max(0, Math.ceil((view.retryAt - now) / 1000)) }));
    }
    if (view.status === 'loading' && view.waitingSince !== undefined) {
      const waited = now - view.waitingSince;
      lines.push(fill(text.elapsed, { time: formatDuration(waited) }));
      if (waited >= SLOW_LOADING_MS) lines.push(text.loadingSlow);
    }
    return lines.length ? html`<p part="hint">${lines.join(' ')}</p>` : nothing;
  }

  #renderAction(view: PollView, text: GreenApiQrStrings): TemplateResult | typeof nothing {
    if (view.status === 'idle' && this.#hasAnyCredential()) return button(text.show, () => this.start());
    if (view.status === 'error') return button(text.tryAgain, () => this.refresh());
    if (view.status === 'expired') return button(text.reload, () => this.refresh());
    return nothing;
  }
}

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

function message(content: string): TemplateResult {
  return html`<p part="message">${content}</p>`;
}

function icon(kind: string, shape: ReturnType<typeof svg>): TemplateResult {
  return html`<svg part="icon" class="icon ${kind}" viewBox="0 0 24 24" aria-hidden="true">${shape}</svg>`;
}

function button(label: string, onClick: () => void): TemplateResult {
  return html`<button part="button" type="button" @click=${onClick}>${label}</button>`;
}

/** `m:ss`, the way a stopwatch shows it. */
function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
