import { useEffect, useState } from 'react';
import type { GreenApiQrAuthorizedDetail, GreenApiQrErrorDetail, GreenApiQrStatusChangeDetail, GreenApiQrTransport } from 'greenapi-qr';
import { LinkWhatsApp } from './LinkWhatsApp.tsx';

// The test shell around the recipe: everything comes from the query string so a driver can point it
// at an emulator, and the state below is updated only from the element's events.
const params = new URLSearchParams(window.location.search);
const apiUrl = params.get('apiUrl') ?? 'https://api.green-api.com';
const transport: GreenApiQrTransport = params.get('transport') === 'websocket' ? 'websocket' : 'poll';
const firstIdInstance = params.get('idInstance') ?? '';

/** Stands in for "ask your backend for the token": resolves 300 ms later. */
function fetchToken(): Promise<string> {
  return new Promise((resolve) => {
    setTimeout(() => resolve(params.get('apiTokenInstance') ?? ''), 300);
  });
}

interface Credentials {
  idInstance: string;
  apiTokenInstance: string;
}

export function App() {
  const [credentials, setCredentials] = useState<Credentials>({ idInstance: firstIdInstance, apiTokenInstance: '' });
  const [shown, setShown] = useState(true);
  const [statuses, setStatuses] = useState<GreenApiQrStatusChangeDetail[]>([]);
  const [authorized, setAuthorized] = useState<GreenApiQrAuthorizedDetail | null>(null);
  const [errors, setErrors] = useState<GreenApiQrErrorDetail[]>([]);

  useEffect(() => {
    let cancelled = false;
    void fetchToken().then((apiTokenInstance) => {
      if (cancelled) return;
      // Only for the first instance: #next-instance may have switched before the token came.
      setCredentials((current) => (current.idInstance === firstIdInstance ? { idInstance: firstIdInstance, apiTokenInstance } : current));
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const nextInstance = () =>
    setCredentials({
      idInstance: params.get('nextIdInstance') ?? '',
      apiTokenInstance: params.get('nextApiTokenInstance') ?? '',
    });

  const latest = statuses.at(-1);

  return (
    <main>
      {shown && (
        <LinkWhatsApp
          idInstance={credentials.idInstance}
          apiTokenInstance={credentials.apiTokenInstance}
          apiUrl={apiUrl}
          transport={transport}
          onAuthorized={setAuthorized}
          onError={(error) => setErrors((all) => [...all, error])}
          onStatusChange={(change) => setStatuses((all) => [...all, change])}
        />
      )}
      <p>
        <button id="next-instance" type="button" onClick={nextInstance}>
          Next instance
        </button>{' '}
        <button id="unmount" type="button" onClick={() => setShown(false)}>
          Unmount
        </button>
      </p>
      <dl>
        <dt>Status</dt>
        <dd id="status">{latest ? latest.status : ''}</dd>
        <dt>Status changes</dt>
        <dd id="statuses">{JSON.stringify(statuses)}</dd>
        <dt>Authorized</dt>
        <dd id="authorized">{authorized ? JSON.stringify(authorized) : ''}</dd>
        <dt>Errors</dt>
        <dd id="errors">{JSON.stringify(errors)}</dd>
      </dl>
    </main>
  );
}
