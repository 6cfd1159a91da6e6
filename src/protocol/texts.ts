// The texts GREEN-API answers with, exactly as an API host (the emulator) writes them, and the
// patterns a client (element, relay) recognises them by: loosely, since GREEN-API's wording varies.

/** The scan-timeout frame's `message` ("takes on the value timeoutExpired", Scanqrcode page), whatever its type. */
export const SCAN_TIMEOUT_MESSAGE = 'timeoutExpired';

/** The 400 body's `message` while an instance starts (common-errors page). */
export const STARTING_MESSAGE = 'instance in starting process try later';

/** `qr`'s `alreadyLogged` message (QR page). */
export const ALREADY_LOGGED_MESSAGE = 'instance account already authorized';

/** `qr`'s documented `error` message for stale authorization data (QR page). */
export const NEEDS_LOGOUT_MESSAGE = 'Instance has auth. You need to make log out';

/** The common-errors page's validation error, as a 400 JSON `message`. */
export const VALIDATION_FAILED_MESSAGE = 'Bad Request Validation failed';

/** An `error` text that means the instance must be logged out before it can link again. */
export const NEEDS_LOGOUT_TEXT = /instance has auth/i;
/** An error text that means the instance is starting ("instance in starting process try later"). */
export const STARTING_TEXT = /starting/i;
/** An error text that names a passkey: WhatsApp's passkey gate, however a gateway words it. */
export const PASSKEY_TEXT = /\bpass[- ]?key/i;
/** scanqrcode "allows only 1 session" (callsScanqrcode page); the refusal's wording is not documented, so matched loosely. */
export const ONE_SESSION_TEXT = /\b(1|one|single) session/i;
