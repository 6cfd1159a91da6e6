import { useEffect, useState } from 'react';
import type { GreenApiQrAuthorizedDetail, GreenApiQrErrorDetail, GreenApiQrStatusChangeDetail } from 'greenapi-qr/react';
import { LinkWhatsApp } from './LinkWhatsApp';

// The test shell around the recipe: everything comes from the query string, and the page shows
// what the element's events told React (never the element's own properties).
const params = new URLSearchParams(window.location.search);
const param = (name: string): string => params.get(name) ?? '';
const apiUrl = param('apiUrl');
const transport = param('transport') === 'websocket' ? 'websocket' : 'poll';
const first = { idInstance: param('idInstance'), apiTokenInstance: '' };
const next = { idInstance: param('nextIdInstance'), apiTokenInstance: param('nextApiTokenInstance') };

/** Stands in for asking your backend for the instance's token. */
function fetchToken(): Promise<string> {
  return new Promise((resolve) => setTimeout(() => resolve(param('apiTokenInstance')), 300));
}

export function App() {
  const [credentials, setCredentials] = useState(first);
  const [shown, setShown] = useState(true);
  const [statuses, setStatuses] = useState<GreenApiQrStatusChangeDetail[]>([]);
  const [authorized, setAuthorized] = useState<GreenApiQrAuthorizedDetail | null>(null);
  const [errors, setErrors] = useState<GreenApiQrErrorDetail[]>([]);

  useEffect(() => {
    let cancelled = false;
    void fetchToken().then((apiTokenInstance) => {
      // Only for the first instance: #next-instance may have switched already.
      if (!cancelled) setCredentials((now) => (now.idInstance === first.idInstance ? { ...now, apiTokenInstance } : now));
    });
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <main>
      <h1>greenapi-qr in React 18</h1>
      {shown && (
        <LinkWhatsApp
          apiUrl={apiUrl}
          idInstance={credentials.idInstance}
          apiTokenInstance={credentials.apiTokenInstance}
          transport={transport}
          onLinked={setAuthorized}
          onError={(error) => setErrors((list) => [...list, error])}
          onStatusChange={(change) => setStatuses((list) => [...list, change])}
        />
      )}
      <p>
        <button id="next-instance" type="button" onClick={() => setCredentials(next)}>
          Next instance
        </button>{' '}
        <button id="unmount" type="button" onClick={() => setShown(false)}>
          Unmount
        </button>
      </p>
      <dl>
        <dt>Status</dt>
        <dd id="status">{statuses.at(-1)?.status ?? ''}</dd>
        <dt>Statuses</dt>
        <dd id="statuses">{JSON.stringify(statuses)}</dd>
        <dt>Authorized</dt>
        <dd id="authorized">{authorized ? JSON.stringify(authorized) : ''}</dd>
        <dt>Errors</dt>
        <dd id="errors">{JSON.stringify(errors)}</dd>
      </dl>
    </main>
  );
}
