import type * as GreenApiQrModule from './index.js';

export type * from './index.js';

// The classic-script bundle (greenapi-qr.iife.js) defines <greenapi-qr> and puts the module's
// exports on window.GreenApiQr.
declare global {
  interface Window {
    GreenApiQr: typeof GreenApiQrModule;
  }
}
