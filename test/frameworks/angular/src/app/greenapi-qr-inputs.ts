import { Directive, ElementRef, Input, inject } from '@angular/core';
import type { GreenApiQr } from 'greenapi-qr';

/**
 * Types `<greenapi-qr>`'s property bindings under `strictTemplates` (Angular does not type-check
 * bindings to a plain element's properties) and passes each bound value on to the element.
 */
@Directive({ selector: 'greenapi-qr' })
export class GreenApiQrInputs {
  private readonly element = inject<ElementRef<GreenApiQr>>(ElementRef).nativeElement;

  @Input() set idInstance(value: GreenApiQr['idInstance']) {
    this.element.idInstance = value;
  }
  @Input() set proxyUrl(value: GreenApiQr['proxyUrl']) {
    this.element.proxyUrl = value;
  }
  @Input() set withCredentials(value: GreenApiQr['withCredentials']) {
    this.element.withCredentials = value;
  }
  @Input() set requestHeaders(value: GreenApiQr['requestHeaders']) {
    this.element.requestHeaders = value;
  }
  @Input() set apiTokenInstance(value: GreenApiQr['apiTokenInstance']) {
    this.element.apiTokenInstance = value;
  }
  @Input() set apiUrl(value: GreenApiQr['apiUrl']) {
    this.element.apiUrl = value;
  }
  @Input() set method(value: GreenApiQr['method']) {
    this.element.method = value;
  }
  @Input() set transport(value: GreenApiQr['transport']) {
    this.element.transport = value;
  }
  @Input() set phoneNumber(value: GreenApiQr['phoneNumber']) {
    this.element.phoneNumber = value;
  }
  @Input() set pollInterval(value: GreenApiQr['pollInterval']) {
    this.element.pollInterval = value;
  }
  @Input() set maxWait(value: GreenApiQr['maxWait']) {
    this.element.maxWait = value;
  }
  @Input() set strings(value: GreenApiQr['strings']) {
    this.element.strings = value;
  }
}
