import { CUSTOM_ELEMENTS_SCHEMA, Component, input, output } from '@angular/core';
import type { GreenApiQrAuthorizedDetail, GreenApiQrErrorDetail, GreenApiQrStatusChangeDetail, GreenApiQrTransport } from 'greenapi-qr'; // types only: the server never loads the element
import { GreenApiQrInputs } from './greenapi-qr-inputs';

@Component({
  selector: 'app-link-whatsapp',
  imports: [GreenApiQrInputs],
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <greenapi-qr
      [idInstance]="idInstance()"
      [proxyUrl]="proxyUrl()"
      [apiTokenInstance]="apiTokenInstance()"
      [apiUrl]="apiUrl()"
      [transport]="transport()"
      (authorized)="linked.emit($event.detail)"
      (error)="failed.emit($event.detail)"
      (statuschange)="statusChange.emit($event.detail)"
    ></greenapi-qr>
  `,
})
export class LinkWhatsApp {
  readonly idInstance = input.required<string>();
  /** Through your backend (recommended): its relay route, e.g. '/api/whatsapp'. No token in the page. */
  readonly proxyUrl = input('');
  /** Or the token in the page: from your backend, '' until it arrives (and '' with proxyUrl). */
  readonly apiTokenInstance = input('');
  readonly apiUrl = input(''); // '' is https://api.green-api.com
  readonly transport = input<GreenApiQrTransport>('poll');

  readonly linked = output<GreenApiQrAuthorizedDetail>();
  readonly failed = output<GreenApiQrErrorDetail>();
  readonly statusChange = output<GreenApiQrStatusChangeDetail>();
}
