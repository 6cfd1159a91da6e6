import { Component, input, signal } from '@angular/core';
import type { GreenApiQrAuthorizedDetail, GreenApiQrErrorDetail, GreenApiQrStatusChangeDetail } from 'greenapi-qr';
import { LinkWhatsApp } from './link-whatsapp';

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
export class LinkPage {
  /** From the address bar's ?idInstance= (the router binds query parameters to inputs). */
  readonly idInstance = input('');
  protected readonly shown = signal(true);

  protected readonly statuses = signal<GreenApiQrStatusChangeDetail[]>([]);
  protected readonly authorized = signal<GreenApiQrAuthorizedDetail | null>(null);
  protected readonly errors = signal<GreenApiQrErrorDetail[]>([]);

  protected onError(detail: GreenApiQrErrorDetail): void {
    this.errors.update((list) => [...list, detail]);
  }

  protected onStatusChange(detail: GreenApiQrStatusChangeDetail): void {
    this.statuses.update((list) => [...list, detail]);
  }

  protected json(value: unknown): string {
    return JSON.stringify(value);
  }
}
