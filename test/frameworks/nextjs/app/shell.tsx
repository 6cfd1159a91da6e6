'use client';
import { useState } from 'react';
import type { GreenApiQrAuthorizedDetail, GreenApiQrErrorDetail, GreenApiQrStatusChangeDetail } from 'greenapi-qr';
import { LinkWhatsApp } from './link-whatsapp';

// The test shell around the recipe: its state is updated only from the element's events.
export function Shell({ idInstance }: { idInstance: string }) {
  const [shown, setShown] = useState(true);
  const [statuses, setStatuses] = useState<GreenApiQrStatusChangeDetail[]>([]);
  const [authorized, setAuthorized] = useState<GreenApiQrAuthorizedDetail | null>(null);
  const [errors, setErrors] = useState<GreenApiQrErrorDetail[]>([]);
  return (
    <>
      {shown && (
        <LinkWhatsApp
          idInstance={idInstance}
          onLinked={setAuthorized}
          onError={(error) => setErrors((all) => [...all, error])}
          onStatusChange={(change) => setStatuses((all) => [...all, change])}
        />
      )}
      <p>
        <button id="unmount" type="button" onClick={() => setShown(false)}>
          Unmount
        </button>
      </p>
      <dl>
        <dt>Status</dt>
        <dd id="status">{statuses.at(-1)?.status ?? ''}</dd>
        <dt>Status changes</dt>
        <dd id="statuses">{JSON.stringify(statuses)}</dd>
        <dt>Authorized</dt>
        <dd id="authorized">{authorized ? JSON.stringify(authorized) : ''}</dd>
        <dt>Errors</dt>
        <dd id="errors">{JSON.stringify(errors)}</dd>
      </dl>
    </>
  );
}
