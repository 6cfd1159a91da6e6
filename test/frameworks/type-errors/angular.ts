// Copied into the Angular app as src/type-errors.ts and compiled on its own (tsconfig.type-errors.json):
// every template line that ends in an `error` comment must be a compile error, and no other line.
// Mistakes the directive and the component exist to catch, in both modes.
import { CUSTOM_ELEMENTS_SCHEMA, Component } from '@angular/core';
import { GreenApiQrInputs } from './app/greenapi-qr-inputs';
import { LinkWhatsApp } from './app/link-whatsapp';

@Component({
  selector: 'app-type-errors',
  imports: [GreenApiQrInputs, LinkWhatsApp],
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <greenapi-qr [idInstance]="1101000001" proxyUrl="/api/whatsapp"></greenapi-qr> <!-- error: an id is a string -->
    <greenapi-qr idInstance="1101000001" [proxyUrl]="true"></greenapi-qr> <!-- error: a route is a string -->
    <greenapi-qr idInstance="1101000001" proxyUrl="/api/whatsapp" [withCredentials]="'yes'"></greenapi-qr> <!-- error: a boolean -->
    <greenapi-qr idInstance="1101000001" proxyUrl="/api/whatsapp" [requestHeaders]="42"></greenapi-qr> <!-- error: HeadersInit -->
    <greenapi-qr idInstance="1101000001" [apiTokenInstance]="42"></greenapi-qr> <!-- error: a token is a string -->
    <greenapi-qr idInstance="1101000001" [transport]="'sse'"></greenapi-qr> <!-- error: not a transport -->
    <greenapi-qr idInstance="1101000001" [pollInterval]="'1s'"></greenapi-qr> <!-- error: milliseconds -->
    <greenapi-qr (authorized)="$event.detail.nope"></greenapi-qr> <!-- error: the detail has no such field -->
    <greenapi-qr (error)="$event.detail.idInstance"></greenapi-qr> <!-- error: an error detail, not an authorized one -->
    <app-link-whatsapp [idInstance]="1101000001" proxyUrl="/api/whatsapp" /> <!-- error: an id is a string -->
    <app-link-whatsapp idInstance="1101000001" [proxyUrl]="true" /> <!-- error: a route is a string -->
    <app-link-whatsapp idInstance="1101000001" [apiTokenInstance]="42" /> <!-- error: a token is a string -->
    <app-link-whatsapp proxyUrl="/api/whatsapp" /> <!-- error: idInstance is required -->
    <app-link-whatsapp idInstance="1101000001" proxyUrl="/api/whatsapp" (linked)="$event.nope" /> <!-- error: no such field -->
    <greenapi-qr idInstance="1101000001" proxyUrl="/api/whatsapp" [withCredentials]="true" [requestHeaders]="{ 'X-CSRF-Token': 'abc' }"></greenapi-qr>
    <app-link-whatsapp idInstance="1101000001" proxyUrl="/api/whatsapp" (statusChange)="$event.status" />
  `,
})
export class TypeErrors {}
