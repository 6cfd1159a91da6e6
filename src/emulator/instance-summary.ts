// The control API's view of one instance (`GET /_emulator/instances/{id}` and friends).
// Never includes the token.

import type { InstanceInfo } from './control-client.js';
import type { Instance } from './instances.js';

export function instanceSummary(instance: Instance, now: number): InstanceInfo {
  return {
    idInstance: instance.idInstance,
    stateInstance: instance.stateInstance,
    nextStateAt: instance.nextStateAt(now),
    needsLogout: instance.needsLogout,
    logoutProcess: instance.isLogoutInProcess(now),
    passkeyPending: instance.passkeyPending,
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
