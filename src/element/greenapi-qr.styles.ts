import { unsafeCSS, type CSSResult } from 'lit';

/**
 * A stylesheet from a template without values. Lit's `css` tag vets interpolated values, which these
 * styles have none of, at the cost of its own code; `unsafeCSS` is safe for text written here. The
 * build minifies it as it does every template whose tag names `css`.
 */
const staticCss = (strings: TemplateStringsArray): CSSResult => unsafeCSS(strings[0]);

/*
 * Only static styles (adopted stylesheets): nothing inline, so a strict style-src CSP needs no
 * exception. Colours inherit from the page so that light and dark pages both work; the code itself
 * always sits on white, which phone cameras need.
 */
export const styles = staticCss`
  :host {
    --_size: var(--greenapi-qr-size, 264px);
    --_accent: var(--greenapi-qr-accent, #008069);
    display: inline-block;
    box-sizing: border-box;
    max-width: 100%;
    color: var(--greenapi-qr-color, inherit);
    font-family: var(--greenapi-qr-font-family, inherit);
    line-height: 1.4;
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  .base {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 12px;
    width: calc(var(--_size) + 2 * var(--greenapi-qr-padding, 16px));
    max-width: 100%;
    padding: var(--greenapi-qr-padding, 16px);
    background: var(--greenapi-qr-background, transparent);
    border-radius: var(--greenapi-qr-radius, 12px);
    text-align: center;
  }

  .frame {
    display: grid;
    place-items: center;
    width: var(--_size);
    max-width: 100%;
    aspect-ratio: 1;
    padding: 8px;
    background: var(--greenapi-qr-frame-background, #fff);
    color: #1f2328;
    border-radius: 8px;
    overflow: hidden;
  }

  [part='qr'] {
    display: block;
    width: 100%;
    height: 100%;
    /* The 256×256 PNG is drawn at other sizes: keep module edges sharp so cameras read it. */
    image-rendering: pixelated;
    image-rendering: crisp-edges;
  }

  .icon {
    width: 40%;
    height: 40%;
  }

  .icon.success {
    color: var(--_accent);
  }

  .icon.failure {
    color: #b3261e;
  }

  [part='progress'] {
    position: relative;
    width: 70%;
    height: 6px;
    border-radius: 3px;
    background: #e4e7eb;
    overflow: hidden;
  }

  [part='progress']::after {
    content: '';
    position: absolute;
    inset: 0;
    width: 40%;
    border-radius: inherit;
    background: var(--_accent);
    animation: slide 1.4s ease-in-out infinite;
  }

  @keyframes slide {
    from {
      transform: translateX(-100%);
    }
    to {
      transform: translateX(250%);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    [part='progress']::after {
      animation-duration: 4s;
    }
  }

  .text {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 6px;
    max-width: var(--_size);
    /* Four lines, which a code's instructions fit in: the box keeps its height from loading to the
       code, and the README's :not(:defined) rule reserves the same box before the script runs. */
    min-height: 5.6em;
  }

  [part='message'] {
    margin: 0;
    font-weight: 600;
  }

  [part='hint'] {
    margin: 0;
    font-size: 0.875em;
  }

  [part='button'] {
    margin-top: 4px;
    padding: 8px 18px;
    border: 0;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--greenapi-qr-accent-contrast, #fff);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }

  [part='button']:focus-visible,
  [part='input']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  [part='button'].secondary {
    background: transparent;
    color: inherit;
    text-decoration: underline;
    font-weight: 400;
  }

  [part='pairing-code'] {
    font: 700 clamp(1.5rem, calc(var(--_size) / 8), 2.5rem) / 1.2 ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    letter-spacing: 0.08em;
    white-space: nowrap;
    user-select: all;
  }

  [part='avatar'] {
    width: 40%;
    height: 40%;
    border-radius: 50%;
    object-fit: cover;
  }

  .phone-form {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    align-items: center;
    gap: 6px;
  }

  [part='label'] {
    flex-basis: 100%;
    font-size: 0.875em;
  }

  [part='input'] {
    flex: 1 1 10em;
    min-width: 0;
    padding: 8px 12px;
    border: 1px solid #8c959f;
    border-radius: 8px;
    font: inherit;
    color: inherit;
    background: transparent;
  }

  [part='input'][aria-invalid='true'] {
    border-color: #b3261e;
  }
`;
