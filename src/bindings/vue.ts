import type { AllowedComponentProps, ComponentCustomProps, HTMLAttributes, VNodeProps } from 'vue';
import type { GreenApiQr, GreenApiQrProperties } from '../element/greenapi-qr.js';
import type { GreenApiQrAuthorizedEvent, GreenApiQrErrorEvent, GreenApiQrStatusChangeEvent } from '../element/public-types.js';

export * from '../index.js';

/**
 * `<greenapi-qr>`'s props and `@authorized`, `@error`, `@statuschange` payloads, as Vue's template checker sees them,
 * with the usual HTML attributes and DOM events (`id`, `lang`, `@click`…). The checker takes kebab-case and camelCase
 * names alike (`:api-token-instance` and `:apiTokenInstance` are both `apiTokenInstance`). At run time Vue sets a
 * camelCase name as the element's property and a kebab-case one as its attribute: the element reads both, but only
 * the property keeps the token out of the DOM.
 */
export type GreenApiQrVueProps = Omit<HTMLAttributes, 'onError'> &
  Partial<GreenApiQrProperties> & {
    onAuthorized?: (event: GreenApiQrAuthorizedEvent) => void;
    onError?: (event: GreenApiQrErrorEvent) => void;
    onStatuschange?: (event: GreenApiQrStatusChangeEvent) => void;
  };

/**
 * `<greenapi-qr>` as a Vue global component type. It constructs the element itself, so a template ref
 * (`useTemplateRef('qr')`) is typed as `GreenApiQr`, with `start()`, `refresh()`, `status`…; the props come from
 * `$props`, which exists for the template checker only (the pattern Vue's guide gives for custom elements).
 */
export type GreenApiQrVueComponent = new () => GreenApiQr & {
  /** @deprecated Types the template's props only: the element has no `$props`. */
  $props: GreenApiQrVueProps & VNodeProps & AllowedComponentProps & ComponentCustomProps;
};

declare module 'vue' {
  interface GlobalComponents {
    'greenapi-qr': GreenApiQrVueComponent;
  }
}
