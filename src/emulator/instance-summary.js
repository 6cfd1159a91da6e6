// The control API's view of one instance (`GET /_emulator/instances/{id}` and friends).
// Never includes the token.

/**
 * @param {import('./instances.js').Instance} instance
 * @param {number} now
 */
export function instanceSummary(instance, now) {
  return {
    idInstance: instance.idInstance,
    stateInstance: instance.stateInstance,
    needsLogout: instance.needsLogout,
    logoutProcess: instance.isLogoutInProcess(now),
    qr: instance.qr.describe(now),
    pairing: instance.pairing.describe(),
    stats: {
      requests: { ...instance.stats.requests },
      inFlight: instance.open.size,
      maxInFlight: instance.stats.maxInFlight,
      aborted: instance.stats.aborted,
      sockets: instance.sockets.describe(),
    },
    faults: instance.faults.list(),
  };
}
