// How long GREEN-API's answers stay true and how long it may take to give them.

/** Each QR code is valid 20 s; a new one replaces it (QR and Scanqrcode pages). */
export const QR_LIFETIME_MS = 20_000;

/** A pairing code is valid "approximately 2.5 minutes" (GetAuthorizationCode page). */
export const PAIRING_CODE_LIFETIME_MS = 150_000;

/** "Timeout for scanning a QR code is 100 seconds" on the `scanqrcode` socket (Scanqrcode page). */
export const SCAN_SOCKET_TIMEOUT_MS = 100_000;

/** The `qr` method can take up to 60 s to answer (green-api/issues#559). */
export const QR_ANSWER_MAX_MS = 60_000;

/** How long a client waits for any answer: `qr`'s 60 s and a margin, as GREEN-API's own app waits 70 s. */
export const REQUEST_TIMEOUT_MS = QR_ANSWER_MAX_MS + 10_000;

/**
 * `starting` and `sleepMode` each last "up to 5 minutes" (GetStateInstance page; the docs' error table
 * says a longer `starting` needs a reboot), as does creating an instance (`null`, then `starting`).
 */
export const STATE_SETTLES_WITHIN_MS = 300_000;

/**
 * After `logout` GREEN-API cleans up for a while (`getWaSettings` answers `logoutProcess: true`);
 * observed to take seconds, so a minute of it means it is stuck.
 */
export const LOGOUT_PROCESS_MAX_MS = 60_000;
