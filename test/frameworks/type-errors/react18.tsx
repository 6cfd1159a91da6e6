// Copied into the React 18 app before its type check: each line below must be a type error, or
// `@ts-expect-error` itself fails the check. Mistakes the wrapper's typings exist to catch.
import { useRef } from 'react';
import { GreenApiQr } from 'greenapi-qr/react';

export function Mistakes() {
  const div = useRef<HTMLDivElement>(null);
  return [
    // @ts-expect-error -- a token is a string
    <GreenApiQr apiTokenInstance={42} />,
    // @ts-expect-error -- status is read-only on the element: follow it with onStatusChange
    <GreenApiQr status="qr" />,
    // @ts-expect-error -- methods are called through the ref, not replaced by props
    <GreenApiQr refresh={() => undefined} />,
    // @ts-expect-error -- the ref is the element, not a div
    <GreenApiQr ref={div} />,
    // @ts-expect-error -- the detail has no such field
    <GreenApiQr onAuthorized={(event) => event.detail.nope} />,
  ];
}
