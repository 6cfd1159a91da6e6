import { signal } from '@angular/core';
import type { GreenApiQrAuthorizedDetail, GreenApiQrErrorDetail, GreenApiQrStatusChangeDetail } from 'greenapi-qr';

/** What the test shells keep of the page's handlers, for the test driver to read: every status change, the linked account and the errors. */
export abstract class PageLog {
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
