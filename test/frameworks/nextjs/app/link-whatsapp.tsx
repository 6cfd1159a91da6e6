'use client';
// app/link-whatsapp.tsx: <greenapi-qr> in a Next.js App Router page, through your own route (no token in the page).
import { GreenApiQr, type GreenApiQrAuthorizedDetail, type GreenApiQrErrorDetail, type GreenApiQrStatusChangeDetail } from 'greenapi-qr/react'; // also defines <greenapi-qr>, in the browser

export interface LinkWhatsAppProps {
  idInstance: string;
  onLinked: (account: GreenApiQrAuthorizedDetail) => void;
  onError: (error: GreenApiQrErrorDetail) => void;
  onStatusChange?: (change: GreenApiQrStatusChangeDetail) => void;
}

// A client component: the wrapper sets the element's properties and listens to its events after
// hydration, so nothing depends on attributes written into the server's HTML.
export function LinkWhatsApp({ idInstance, onLinked, onError, onStatusChange }: LinkWhatsAppProps) {
  return (
    <GreenApiQr
      idInstance={idInstance}
      proxyUrl="/api/whatsapp"
      onAuthorized={(event) => onLinked(event.detail)}
      onError={(event) => onError(event.detail)}
      onStatusChange={(event) => onStatusChange?.(event.detail)}
    />
  );
}
