// Defines <greenapi-qr> and types it in JSX: import it before the first render.
import 'greenapi-qr/react-jsx';
import type { GreenApiQrAuthorizedDetail, GreenApiQrErrorDetail, GreenApiQrStatusChangeDetail, GreenApiQrTransport } from 'greenapi-qr';

export interface LinkWhatsAppProps {
  idInstance: string;
  /** From your backend; may arrive after mount (the element waits in `idle` until it is set). */
  apiTokenInstance: string;
  apiUrl: string;
  transport?: GreenApiQrTransport;
  onAuthorized: (account: GreenApiQrAuthorizedDetail) => void;
  onError?: (error: GreenApiQrErrorDetail) => void;
  onStatusChange?: (change: GreenApiQrStatusChangeDetail) => void;
}

/** React 19 sets these props as the element's properties and binds `on<event>` exactly as written: lowercase. */
export function LinkWhatsApp({ idInstance, apiTokenInstance, apiUrl, transport = 'poll', onAuthorized, onError, onStatusChange }: LinkWhatsAppProps) {
  return (
    <greenapi-qr
      idInstance={idInstance}
      apiTokenInstance={apiTokenInstance}
      apiUrl={apiUrl}
      transport={transport}
      onauthorized={(e) => onAuthorized(e.detail)}
      onerror={(e) => onError?.(e.detail)}
      onstatuschange={(e) => onStatusChange?.(e.detail)}
    />
  );
}
