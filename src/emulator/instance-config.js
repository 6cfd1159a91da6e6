// The knobs of an emulated instance: emulator-wide options (from startEmulator) and the
// per-instance switches a test flips through `POST /_emulator/instances/{id}/state`.

/**
 * @typedef {object} InstanceOptions
 * @property {number} qrRotateMs
 * @property {number} logoutProcessMs
 * @property {number} scanTimeoutMs how long a scanqrcode socket waits for a scan
 * @property {number} closeGraceMs how long a socket may stay open after its final frame
 * @property {TimeoutType} wsTimeoutType default `type` of the scan-timeout frame
 * @property {number} pairingCodeTtlMs
 * @property {number} startingAfterAbuseMs
 */

/** @typedef {'timeout' | 'timeoutExpired'} TimeoutType */

/**
 * Behaviour switches set through `POST /_emulator/instances/{id}/state`.
 * @typedef {object} Switches
 * @property {TimeoutType} wsTimeoutType which documented name the scan-timeout frame uses
 * @property {boolean} wsRefuse scanqrcode upgrades fail with 503, so clients must poll
 * @property {boolean} strictPairing code-request abuse puts the instance into `starting`
 * @property {boolean} pairingFails getAuthorizationCode answers `{status: false}`
 * @property {boolean} rateLimits GREEN-API's per-method limits (429) are enforced; tests that drive a
 *   fake clock switch them off, since the emulator counts real time
 */

/**
 * Switches of a fresh or reset instance.
 * @param {InstanceOptions} options
 * @returns {Switches}
 */
export function defaultSwitches(options) {
  // strictPairing on: the real service's known pairing-code problems (green-api/issues#460, #518)
  // are what a client must survive, so they are the default.
  return { wsTimeoutType: options.wsTimeoutType, wsRefuse: false, strictPairing: true, pairingFails: false, rateLimits: true };
}
