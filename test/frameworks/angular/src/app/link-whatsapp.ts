import { CUSTOM_ELEMENTS_SCHEMA, Component, input, output } from '@angular/core';
import type {
  GreenApiQrAuthorizedDetail,
  GreenApiQrErrorDetail,
  GreenApiQrStatusChangeDetail,
  GreenApiQrTransport,
} from 'greenapi-qr';
import { GreenApiQrInputs } from './greenapi-qr-inputs';

@Component({
  selector: 'app-link-whatsapp',
  imports: [GreenApiQrInputs],
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <greenapi-qr
      [idInstance]="idInstance()"
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
  readonly apiTokenInstance = input.required<string>(); // from your backend; '' until it arrives
  readonly apiUrl = input.required<string>();
  readonly transport = input<GreenApiQrTransport>('poll');

  readonly linked = output<GreenApiQrAuthorizedDetail>();
  readonly failed = output<GreenApiQrErrorDetail>();
  readonly statusChange = output<GreenApiQrStatusChangeDetail>();
}
