import type { LinkedAccount } from '../protocol/index.js';
import type { AuthorizationScreen } from './authorization-screen.js';
import type { AuthorizationSettings, Screen } from './authorization-view.js';
import type { Credentials } from './credentials.js';
import type { GreenApiClient } from './greenapi-client.js';
import { accountLookup, logoutFlow, pairingCodeFlow, preloadAccountFlows, preloadPairingCodeFlow } from './lazy-activities.js';
import { MaxWaitClock } from './max-wait-clock.js';
import { normalizePhoneNumber } from './phone-number.js';
import { qrSource } from './qr-source.js';
import type { Activity } from './request-chain.js';
import { effectiveMaxWait, effectivePollInterval } from './settings.js';
import { headStart, stateCheck } from './state-check.js';
import type { HeadStart, SourceContext, SourceEvent } from './source-events.js';
import type { GreenApiQrErrorDetail, GreenApiQrTransport } from './public-types.js';

/** What a session is given by the controller that opens it. */
export interface SessionOwner {
  /** Where the session shows what happens, and tells the page. */
  screen: AuthorizationScreen;
  /** Outlives sessions, so that the rate-limit gaps hold across restarts. */
  client: GreenApiClient;
  settings: () => AuthorizationSettings;
  credentials: Credentials;
  /** The number the user typed in an earlier session, if any: "Get a new code" and "Try again" reuse it. */
  typedPhoneNumber: string;
  /** The session is over (linked, failed, expired): the owner stops it and shows `screen`. */
  end(screen: Screen): void;
  /** Logged out: the owner opens a new session. */
  restart(): void;
}

/** One run of the element's way to authorization, from its settings at the time; the controller opens a new one on every start. */
export interface AuthorizationSession {
  /** Asks the instance's state, then links as it allows. */
  checkState(): void;
  /** Logs the instance out, waits out GREEN-API's cleanup (logoutProcess), then restarts; settles when that is done or failed. */
  logout(): Promise<void>;
  /** `method="phone"`: asks for a pairing code for the number (digits only). */
  requestPairingCode(phoneNumber: string): void;
  /** The page was hidden or went offline: nothing is asked meanwhile, and max-wait stands still. */
  pause(): void;
  resume(): void;
  /** `max-wait` changed: its clock goes on against the new value. */
  maxWaitChanged(): void;
  /** Ends it: nothing of it runs any more, and whatever its activities still report is ignored. */
  stop(): void;
}

/**
 * Opens a session. It runs one activity at a time (the state check with the QR source's head start,
 * a QR source over HTTP or the socket, a pairing-code flow, the account lookup, a logout) and turns
 * what they report into screens and events; it owns the code's staleness and the max-wait clock.
 */
export function openSession({ screen, client, settings, credentials, typedPhoneNumber, end, restart }: SessionOwner): AuthorizationSession {
  let stopped = false;
  let active: Activity | undefined;
  /** Hides a QR code that no fresher one replaced in time. */
  let staleTimer: ReturnType<typeof setTimeout> | undefined;
  let settleLogout: (() => void) | undefined;
  /** What the socket's accountData said, kept for the `authorized` detail while getWaSettings is asked. */
  let linkedAccount: LinkedAccount = {};
  /** Counts the time codes are on screen in this session. */
  const maxWait = new MaxWaitClock(
    () => effectiveMaxWait(settings().maxWait),
    () => end({ status: 'expired', expiredCode: 'qr' }),
  );
  const pollInterval = (): number => effectivePollInterval(settings().pollInterval);
  // An activity of a stopped session may still be unwinding: what it says is not news.
  const context: SourceContext = {
    client,
    credentials,
    emit: (event) => {
      if (!stopped) onSourceEvent(event);
    },
  };

  /** Makes `activity` the one that runs (unless the page is hidden or offline, which starts it later). */
  const run = (activity: Activity): void => {
    active?.stop();
    active = activity;
    if (!screen.pausedFor) activity.start();
  };

  /** Runs the QR source for `transport`: the one asked for (checked when the session opened), or `poll`, the fallback. */
  const runQrSource = (transport: GreenApiQrTransport): void => {
    screen.useTransport(transport);
    run(qrSource(context, transport, pollInterval));
  };

  const requestPairingCode = (phoneNumber: string): void => {
    screen.show({ status: 'loading', task: 'pairing-code', waitingSince: Date.now() });
    run(pairingCodeFlow(context, phoneNumber));
  };

  const fail = (error: GreenApiQrErrorDetail): void => {
    end({ status: 'error', error });
    screen.report(error);
  };

  const beginLinking = (headStart?: HeadStart): void => {
    const { method, phoneNumber } = settings();
    if (method === 'phone') {
      const given = phoneNumber || typedPhoneNumber;
      if (given) {
        const number = normalizePhoneNumber(given);
        if (number.ok) requestPairingCode(number.value);
        else fail(number.error);
      } else {
        active = undefined;
        screen.show({ status: 'phone' });
      }
      return;
    }
    const view = screen.view;
    // The same wait goes on for the user, whether the instance was checked once or for minutes.
    screen.show({ status: 'loading', task: 'qr', waitingSince: view.status === 'loading' ? view.waitingSince : Date.now() });
    if (headStart) {
      // Already running (it started with the state check): it only needs to be listened to.
      active = headStart.source;
      screen.useTransport(headStart.transport);
      headStart.release();
    } else runQrSource(settings().transport as GreenApiQrTransport);
  };

  const showCode = (image: string, freshForMs: number): void => {
    screen.clearError();
    const view = screen.view;
    const wasShowing = view.status === 'qr';
    // The same code again (GREEN-API answers it for 20 s) with nothing else to say: no re-render.
    if (!wasShowing || view.image !== image || view.error || view.retryAt !== undefined) screen.show({ status: 'qr', image });
    if (!wasShowing) {
      maxWait.resume();
      preloadAccountFlows();
    }
    clearTimeout(staleTimer);
    staleTimer = setTimeout(dropStaleCode, freshForMs);
  };

  /** No fresh code arrived in time (slow answers, retries): hide the old one rather than show a dead code. */
  const dropStaleCode = (): void => {
    const view = screen.view;
    if (view.status !== 'qr') return;
    maxWait.pause();
    screen.show({ status: 'loading', task: 'qr', waitingSince: Date.now(), error: view.error, retryAt: view.retryAt });
  };

  /** Linked: ask getWaSettings once for who it is (accountLookup), then tell the page (`account-known`). */
  const finish = (linked: LinkedAccount = {}): void => {
    screen.activeTransport = null;
    // Linked in time: neither max-wait nor staleness may overtake the account lookup.
    maxWait.pause();
    clearTimeout(staleTimer);
    linkedAccount = linked;
    screen.show({ status: 'loading', task: 'account', waitingSince: Date.now() });
    run(accountLookup(context));
  };

  function onSourceEvent(event: SourceEvent): void {
    switch (event.kind) {
      case 'instance-state':
        screen.stateInstance = event.state;
        break;
      case 'linkable':
        beginLinking(event.headStart);
        break;
      case 'not-ready': {
        const { error } = event;
        const view = screen.view;
        // Since when it has been settling (being created, then starting): one span, for the progress hint and the advice to reboot it.
        if (view.status === 'loading')
          screen.show({ ...view, error, retryAt: undefined, settlingSince: error ? undefined : (view.settlingSince ?? Date.now()) });
        if (error) screen.report(error);
        break;
      }
      case 'qr-code':
        showCode(event.image, event.freshForMs);
        break;
      case 'pairing-code':
        screen.clearError();
        screen.show({ status: 'code', pairingCode: event.code, codeExpiresAt: event.expiresAt });
        break;
      case 'pairing-code-expired':
        end({ status: 'expired', expiredCode: 'pairing-code' });
        break;
      case 'authorized':
        finish(event.account);
        break;
      case 'retrying':
        screen.report(event.error);
        screen.amend({ error: event.error, retryAt: event.retryAt });
        break;
      case 'failed':
        fail(event.error);
        break;
      case 'socket-unavailable':
        // Polling gives the same codes; the picture and the max-wait clock carry on.
        runQrSource('poll');
        break;
      case 'account-known': {
        if (screen.stateInstance !== 'yellowCard') screen.stateInstance = 'authorized';
        const detail = { idInstance: credentials.idInstance, ...linkedAccount, ...event.account };
        end({ status: 'authorized', account: detail });
        screen.announce(detail);
        break;
      }
      case 'logged-out':
        restart();
        break;
    }
  }

  return {
    checkState() {
      screen.show({ status: 'loading', task: 'state', waitingSince: Date.now() });
      // With the QR source's head start beside it; not for pairing codes: asking for one is an action.
      const transport = settings().transport as GreenApiQrTransport;
      const byQr = settings().method === 'qr';
      if (!byQr) preloadPairingCodeFlow();
      run(stateCheck(context, byQr ? headStart(transport, context, (held) => qrSource(held, transport, pollInterval), pollInterval) : undefined));
    },
    logout() {
      const done = new Promise<void>((resolve) => (settleLogout = resolve));
      screen.show({ status: 'loading', task: 'logout', waitingSince: Date.now() });
      run(logoutFlow(context));
      return done;
    },
    requestPairingCode,
    pause() {
      active?.stop();
      maxWait.pause();
    },
    resume() {
      if (screen.view.status === 'qr') maxWait.resume();
      active?.start();
    },
    maxWaitChanged() {
      maxWait.restart();
    },
    stop() {
      stopped = true;
      active?.stop();
      active = undefined;
      maxWait.pause();
      clearTimeout(staleTimer);
      settleLogout?.();
    },
  };
}
