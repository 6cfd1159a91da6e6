// An instance's `stateInstance` (GetStateInstance page; SDK types; the instance-creation guide),
// each with the one meaning element, relay and emulator give it.

/** The states GREEN-API documents, and `null`: the instance is still being created. */
export type KnownInstanceState =
  /** Linked to a WhatsApp account. */
  | 'authorized'
  /** Ready to link: a QR code or a pairing code can be asked for. */
  | 'notAuthorized'
  /** The account is banned. */
  | 'blocked'
  /**
   * Linked, but the phone is off or offline ("status is out of date"); the account comes back
   * within 5 minutes of the phone going online. Not a state in which to link.
   */
  | 'sleepMode'
  /** The instance or its server is starting (after creation, a reboot or maintenance); up to 5 minutes. */
  | 'starting'
  /** Linked, with sending restricted: counts as authorized, as in GREEN-API's own app. */
  | 'yellowCard'
  /** The instance's plan has lapsed (SDK types). */
  | 'suspended'
  /** A pairing code was asked for and not yet typed on the phone (SDK types). */
  | 'pendingCode'
  /** A `null` answer: the instance is still being created (Partner API), up to about 5 minutes. */
  | null;

/** `stateInstance` as GREEN-API gives it: an open set of names, or null while the instance is being created. */
export type InstanceState = KnownInstanceState | (string & {});

/** The states in which the instance is linked to an account. */
export const LINKED_STATES: readonly InstanceState[] = ['authorized', 'yellowCard', 'sleepMode'];

/** The states that pass by themselves: wait and ask again. */
export const SETTLING_STATES: readonly InstanceState[] = [null, 'starting'];
