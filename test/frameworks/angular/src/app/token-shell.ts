import { Component, signal } from '@angular/core';
import type { GreenApiQrTransport } from 'greenapi-qr';
import { LinkWhatsApp } from './link-whatsapp';
import { PageLog } from './page-log';

const param = (name: string): string => new URLSearchParams(location.search).get(name) ?? '';

/** A stand-in for asking your backend for the token. */
function fetchToken(): Promise<string> {
  return new Promise((resolve) => setTimeout(() => resolve(param('apiTokenInstance')), 300));
}

/** The token-in-page test shell (rendered in the browser only): what the framework test driver reads and clicks. */
@Component({
  selector: 'app-token-shell',
  imports: [LinkWhatsApp],
  template: `
    @if (shown()) {
      <app-link-whatsapp
        [idInstance]="idInstance()"
        [apiTokenInstance]="apiTokenInstance()"
        [apiUrl]="apiUrl"
        [transport]="transport"
        (linked)="authorized.set($event)"
        (failed)="onError($event)"
        (statusChange)="onStatusChange($event)"
      />
    }
    <p>Status: <span id="status">{{ statuses().at(-1)?.status ?? '' }}</span></p>
    <p>Statuses: <code id="statuses">{{ json(statuses()) }}</code></p>
    <p>Authorized: <code id="authorized">{{ authorized() === null ? '' : json(authorized()) }}</code></p>
    <p>Errors: <code id="errors">{{ json(errors()) }}</code></p>
    <button id="next-instance" type="button" (click)="nextInstance()">Next instance</button>
    <button id="unmount" type="button" (click)="shown.set(false)">Unmount</button>
  `,
})
export class TokenShell extends PageLog {
  protected readonly apiUrl = param('apiUrl');
  protected readonly transport: GreenApiQrTransport = param('transport') === 'websocket' ? 'websocket' : 'poll';
  protected readonly idInstance = signal(param('idInstance'));
  protected readonly apiTokenInstance = signal('');
  protected readonly shown = signal(true);

  constructor() {
    super();
    void fetchToken().then((token) => this.apiTokenInstance.set(token));
  }

  protected nextInstance(): void {
    this.idInstance.set(param('nextIdInstance'));
    this.apiTokenInstance.set(param('nextApiTokenInstance'));
  }
}
