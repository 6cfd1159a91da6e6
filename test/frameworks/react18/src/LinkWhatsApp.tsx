import { useRef } from 'react';
import {
  GreenApiQr,
  type GreenApiQrAuthorizedDetail,
  type GreenApiQrElement,
  type GreenApiQrErrorDetail,
  type GreenApiQrStatusChangeDetail,
  type GreenApiQrTransport,
} from 'greenapi-qr/react'; // also defines <greenapi-qr>

export interface LinkWhatsAppProps {
  apiUrl: string;
  idInstance: string;
  /** From your backend; may arrive after the first render (the element waits in `idle` until then). */
  apiTokenInstance: string;
  transport?: GreenApiQrTransport;
  onLinked: (account: GreenApiQrAuthorizedDetail) => void;
  onError: (error: GreenApiQrErrorDetail) => void;
  onStatusChange: (change: GreenApiQrStatusChangeDetail) => void;
}

export function LinkWhatsApp({ apiUrl, idInstance, apiTokenInstance, transport = 'poll', onLinked, onError, onStatusChange }: LinkWhatsAppProps) {
  const qr = useRef<GreenApiQrElement>(null);
  return (
    <section>
      <GreenApiQr
        ref={qr}
        apiUrl={apiUrl}
        idInstance={idInstance}
        apiTokenInstance={apiTokenInstance}
        transport={transport}
        onAuthorized={(event) => onLinked(event.detail)}
        onError={(event) => onError(event.detail)}
        onStatusChange={(event) => onStatusChange(event.detail)}
      />
      <p>
        <button type="button" onClick={() => qr.current?.refresh()}>
          New QR code
        </button>
      </p>
    </section>
  );
}
