import { html, nothing, svg, type TemplateResult } from 'lit';
import { STATE_SETTLES_WITHIN_MS, type InstanceState } from '../protocol/index.js';
import type { AuthorizationView, ViewOf } from './authorization-view.js';
import { fill } from './strings.js';
import type { GreenApiQrStrings } from './public-types.js';

// The element's pictures and texts for each view: pure templates, the element's own state passed in.

/** What of the element, beyond its view, the texts depend on. */
export interface ElementFacts {
  method: string;
  stateInstance: InstanceState | undefined;
}

/** Loading longer than this shows that the first code can take minutes. */
const SLOW_LOADING_MS = 15_000;

const successIcon = svg`<path fill="currentColor" d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm-1.2 14.2-4-4 1.4-1.4 2.6 2.6 5.6-5.6 1.4 1.4-7 7Z"/>`;
const failureIcon = svg`<path fill="currentColor" d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm1 15h-2v-2h2v2Zm0-4h-2V7h2v6Z"/>`;
const expiredIcon = svg`<path fill="currentColor" d="M12 4V1L8 5l4 4V6a6 6 0 1 1-6 6H4a8 8 0 1 0 8-8Z"/>`;
const phoneIcon = svg`<path fill="currentColor" d="M16 1H8a3 3 0 0 0-3 3v16a3 3 0 0 0 3 3h8a3 3 0 0 0 3-3V4a3 3 0 0 0-3-3Zm-4 20a1.5 1.5 0 1 1 0-3 1.5 1.5 0 0 1 0 3Zm5-5H7V4h10v12Z"/>`;

export function renderPicture(view: AuthorizationView, text: GreenApiQrStrings): TemplateResult {
  switch (view.status) {
    case 'qr':
      return html`<img part="qr" src="data:image/png;base64,${view.image}" alt=${text.qrAlt} width="256" height="256" />`;
    case 'code':
      return html`<output part="pairing-code" class="pairing-code" aria-label=${text.codeTitle}
        >${formatPairingCode(view.pairingCode)}</output
      >`;
    case 'authorized':
      return view.account.avatar
        ? html`<img part="avatar" class="avatar" src=${view.account.avatar} alt="" width="96" height="96" />`
        : icon('success', successIcon);
    case 'error':
      return icon('failure', failureIcon);
    case 'expired':
      return icon('expired', expiredIcon);
    case 'phone':
      return icon('phone', phoneIcon);
    case 'loading':
      return html`<div part="progress" aria-hidden="true"></div>`;
    case 'idle':
      return html``;
  }
}

export function renderDefaultText(view: AuthorizationView, text: GreenApiQrStrings, element: ElementFacts): TemplateResult {
  const paused = view.pausedFor === 'hidden' ? text.pausedHidden : view.pausedFor === 'offline' ? text.pausedOffline : undefined;
  switch (view.status) {
    case 'idle':
      return view.waitingFor
        ? html`${message(text.idle)}<p part="hint">${fill(text.waitingFor, { names: view.waitingFor.join(', ') })}</p>`
        : message(text.stopped);
    case 'loading':
      return message(paused ?? loadingText(view, text, element));
    case 'phone':
      return message(text.phoneTitle);
    case 'qr':
      return html`${message(paused ?? text.scanTitle)}<p part="hint">${text.scanSteps}</p>`;
    case 'code':
      return html`${message(paused ?? text.codeTitle)}<p part="hint">${text.codeSteps}</p>`;
    case 'authorized':
      return html`${message(connectedText(view, text))}
      ${element.stateInstance === 'yellowCard' ? html`<p part="hint">${text.yellowCard}</p>` : nothing}`;
    case 'error':
      // The English developer message says exactly what to fix (it never holds the token).
      return html`${message(text.errors[view.error.code])}
        <p part="hint">${view.error.message}</p>`;
    case 'expired':
      return message(view.expiredCode === 'pairing-code' ? text.codeExpired : text.expired);
  }
}

function loadingText(view: ViewOf<'loading'>, text: GreenApiQrStrings, element: ElementFacts): string {
  if (view.settlingSince !== undefined || view.error?.code === 'instance-state') return stateText(element.stateInstance, text);
  if (view.error) return text.errors[view.error.code];
  switch (view.task) {
    case 'state':
      return element.method === 'phone' ? text.checking : text.loading;
    case 'pairing-code':
      return text.loadingCode;
    case 'account':
      return text.loadingAccount;
    case 'logout':
      return text.loggingOut;
    default:
      return text.loading;
  }
}

/** The states with a text of their own. */
type NamedState = 'sleepMode' | 'suspended' | 'pendingCode' | 'starting';

/** Names the state the instance is in, plainly, including values this element does not know. */
function stateText(state: InstanceState | undefined, text: GreenApiQrStrings): string {
  if (state === null) return text.states.creating;
  if (state === 'sleepMode' || state === 'suspended' || state === 'pendingCode' || state === 'starting') return text.states[state as NamedState];
  return fill(text.states.unknown, { state: String(state) });
}

function connectedText({ account }: ViewOf<'authorized'>, text: GreenApiQrStrings): string {
  const phone = account.phone ? `+${account.phone}` : undefined;
  const who = account.name && phone ? `${account.name} (${phone})` : (account.name ?? phone);
  return who ? fill(text.connectedAs, { account: who }) : text.authorized;
}

/** Time is outside the live region: a screen reader should not read out every second. */
export function renderClock(view: AuthorizationView, text: GreenApiQrStrings): TemplateResult | typeof nothing {
  if (view.pausedFor || (view.status !== 'loading' && view.status !== 'qr' && view.status !== 'code')) return nothing;
  const now = Date.now();
  const lines: string[] = [];
  if (view.status === 'code') {
    lines.push(fill(text.codeValid, { time: formatDuration(view.codeExpiresAt - now) }));
  }
  if (view.retryAt !== undefined) {
    if (view.status !== 'loading' && view.error) lines.push(text.errors[view.error.code]);
    lines.push(fill(text.retrying, { seconds: Math.max(0, Math.ceil((view.retryAt - now) / 1000)) }));
  }
  if (view.status === 'loading') {
    const waited = now - view.waitingSince;
    lines.push(fill(text.elapsed, { time: formatDuration(waited) }));
    // GREEN-API: creating and starting take up to 5 minutes; longer, the instance needs a reboot.
    if (view.settlingSince !== undefined) lines.push(now - view.settlingSince >= STATE_SETTLES_WITHIN_MS ? text.startingLong : text.settling);
    else if (waited >= SLOW_LOADING_MS && (view.task === 'qr' || view.task === 'state') && !view.error) lines.push(text.loadingSlow);
  }
  return lines.length ? html`<p part="hint">${lines.join(' ')}</p>` : nothing;
}

function message(content: string): TemplateResult {
  return html`<p part="message">${content}</p>`;
}

function icon(kind: string, shape: ReturnType<typeof svg>): TemplateResult {
  return html`<svg part="icon" class="icon ${kind}" viewBox="0 0 24 24" aria-hidden="true">${shape}</svg>`;
}

/** `K7Q2M9ZD` → `K7Q2-M9ZD`, the way WhatsApp shows a pairing code; other lengths are grouped by four. */
export function formatPairingCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/** `m:ss`, the way a stopwatch shows it. */
function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
