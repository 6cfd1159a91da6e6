// Copied into the React 19 app before its type check: each line below must be a type error, or
// `@ts-expect-error` itself fails the check. Mistakes the JSX typings exist to catch.
import 'greenapi-qr/react-jsx';

export const mistakes = [
  // @ts-expect-error -- a token is a string
  <greenapi-qr apiTokenInstance={42} />,
  // @ts-expect-error -- React 19 would listen for an "Authorized" event, which never fires
  <greenapi-qr onAuthorized={() => undefined} />,
  // @ts-expect-error -- React's onError never hears the element's error event
  <greenapi-qr onError={() => undefined} />,
  // @ts-expect-error -- not a transport
  <greenapi-qr transport="sse" />,
  // @ts-expect-error -- the detail has no such field
  <greenapi-qr onerror={(event) => event.detail.nope} />,
];
