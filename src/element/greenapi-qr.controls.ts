import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { AuthorizationController } from './authorization-controller.js';
import type { AuthorizationView, ViewOf } from './authorization-view.js';
import { renderClock } from './greenapi-qr.templates.js';
import type { GreenApiQrMethod, GreenApiQrStrings } from './public-types.js';

const COPIED_FEEDBACK_MS = 2_000;

/** What of the element its controls read and use. */
export interface ControlsHost extends ReactiveControllerHost, HTMLElement {
  method: GreenApiQrMethod;
  phoneNumber: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
  start(): void;
  refresh(): void;
  logout(): Promise<void>;
}

/** Renders the controls for a view. */
export type ControlsRenderer = (view: AuthorizationView, text: GreenApiQrStrings) => TemplateResult;

/**
 * The element's controls under its text: the clock, the phone-number form, the buttons. What each
 * shows, and what it does (through the element's own methods or the controller).
 */
export function elementControls(host: ControlsHost, controller: AuthorizationController): ControlsRenderer {
  /** What the pairing code's copy button last did, shown on it for a moment. */
  let copyFeedback: 'copied' | 'failed' | undefined;
  let copyFeedbackTimer: ReturnType<typeof setTimeout> | undefined;
  host.addController({ hostDisconnected: () => clearTimeout(copyFeedbackTimer) });

  const showCopyFeedback = (feedback: typeof copyFeedback): void => {
    copyFeedback = feedback;
    host.requestUpdate();
  };

  /** The clipboard needs a secure context and permission; without them the code is selected for the user to copy. */
  const copyCode = async (code: string): Promise<void> => {
    try {
      await navigator.clipboard.writeText(code);
      showCopyFeedback('copied');
    } catch {
      const shown = host.renderRoot.querySelector('[part="pairing-code"]');
      if (shown) getSelection()?.selectAllChildren(shown);
      showCopyFeedback('failed');
    }
    clearTimeout(copyFeedbackTimer);
    copyFeedbackTimer = setTimeout(() => showCopyFeedback(undefined), COPIED_FEEDBACK_MS);
  };

  const onPhoneSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const input = host.renderRoot.querySelector<HTMLInputElement>('#phone-number');
    if (!controller.submitPhoneNumber(input?.value ?? '')) input?.focus();
  };

  const renderPhoneForm = (view: ViewOf<'phone'>, text: GreenApiQrStrings): TemplateResult => {
    const problem = view.error?.code === 'config' ? view.error.message : undefined;
    return html`
      <form part="form" class="phone-form" novalidate @submit=${onPhoneSubmit}>
        <label part="label" for="phone-number">${text.phoneLabel}</label>
        <input
          part="input"
          id="phone-number"
          name="phone-number"
          type="tel"
          inputmode="tel"
          autocomplete="tel"
          required
          placeholder=${text.phonePlaceholder}
          aria-invalid=${problem ? 'true' : 'false'}
          aria-describedby="phone-problem"
        />
        <button part="button" type="submit">${text.getCode}</button>
      </form>
      <p part="hint" id="phone-problem" role="alert">${problem ?? nothing}</p>
    `;
  };

  const renderActions = (view: AuthorizationView, text: GreenApiQrStrings): TemplateResult | typeof nothing => {
    const useQr = button(text.useQr, () => (host.method = 'qr'), 'secondary');
    switch (view.status) {
      case 'idle':
        return view.waitingFor ? nothing : button(text.show, () => host.start());
      case 'phone':
        return useQr;
      case 'code': {
        const copyLabel = copyFeedback === 'copied' ? text.copied : copyFeedback === 'failed' ? text.copyFailed : text.copy;
        // A number the page set is not the user's to change.
        const changeNumber = host.phoneNumber.trim() ? nothing : button(text.changeNumber, () => controller.changePhoneNumber(), 'secondary');
        return html`${button(copyLabel, () => void copyCode(view.pairingCode))} ${changeNumber} ${useQr}`;
      }
      case 'error':
        if (view.error.code === 'needs-logout') return button(text.logout, () => void host.logout());
        if (view.error.code === 'pairing-failed') return html`${button(text.tryAgain, () => host.refresh())} ${useQr}`;
        return button(text.tryAgain, () => host.refresh());
      case 'expired':
        return button(view.expiredCode === 'pairing-code' ? text.newCode : text.reload, () => host.refresh());
      default:
        return nothing;
    }
  };

  return (view, text) => html`${renderClock(view, text)} ${view.status === 'phone' ? renderPhoneForm(view, text) : nothing} ${renderActions(view, text)}`;
}

function button(label: string, onClick: () => void, kind: 'primary' | 'secondary' = 'primary'): TemplateResult {
  return html`<button part="button" class=${kind} type="button" @click=${onClick}>${label}</button>`;
}
