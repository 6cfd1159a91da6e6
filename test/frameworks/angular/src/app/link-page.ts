import { Component, input, signal } from '@angular/core';
import { LinkWhatsApp } from './link-whatsapp';
import { PageLog } from './page-log';

/** The server-rendered page in the recommended mode, through server.ts's relay: what the test driver reads and clicks. */
@Component({
  selector: 'app-link-page',
  imports: [LinkWhatsApp],
  template: `
    <h1>Link your WhatsApp</h1>
    @if (shown()) {
      <app-link-whatsapp
        [idInstance]="idInstance()"
        proxyUrl="/api/whatsapp"
        (linked)="authorized.set($event)"
        (failed)="onError($event)"
        (statusChange)="onStatusChange($event)"
      />
    }
    <p><button id="unmount" type="button" (click)="shown.set(false)">Unmount</button></p>
    <p>Status: <span id="status">{{ statuses().at(-1)?.status ?? '' }}</span></p>
    <p>Statuses: <code id="statuses">{{ json(statuses()) }}</code></p>
    <p>Authorized: <code id="authorized">{{ authorized() === null ? '' : json(authorized()) }}</code></p>
    <p>Errors: <code id="errors">{{ json(errors()) }}</code></p>
  `,
})
export class LinkPage extends PageLog {
  /** From the address bar's ?idInstance= (the router binds query parameters to inputs). */
  readonly idInstance = input('');
  protected readonly shown = signal(true);
}
