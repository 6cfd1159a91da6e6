import { interpretStateResponse, planForState } from './instance-state.js';
import { requestChain, type Activity } from './request-chain.js';
import type { HeadStart, SourceContext, SourceEvent } from './source-events.js';
import type { GreenApiQrTransport } from './public-types.js';

/** How often a not-ready instance (starting, being created, phone asleep…) is asked again. */
export const STATE_RECHECK_MS = 5_000;

/**
 * A QR source started together with the state check's request, so that the first code costs one
 * round trip instead of two. What it reports is held, the latest of each kind only (a newer code
 * makes an older one worthless), until the state check decides: `release()` passes it on when the
 * instance can be linked; otherwise the source is stopped and what it found is never shown.
 * Polling asks once and then waits for that decision, however long the state check takes; the
 * socket stays open, since reopening it would cost a new session.
 */
export function headStart(
  transport: GreenApiQrTransport,
  context: SourceContext,
  makeSource: (context: SourceContext) => Activity,
  pollInterval: () => number,
): HeadStart {
  let held: SourceEvent[] | undefined = [];
  /** When stopped polling would have asked next (after a code: poll-interval; after a failure: its backoff). */
  let resumeAt: number | undefined;
  const source = makeSource({
    ...context,
    emit: (event) => {
      if (!held) return context.emit(event);
      held = [...held.filter((kept) => kept.kind !== event.kind), event];
      if (transport === 'poll') {
        resumeAt = event.kind === 'retrying' ? event.retryAt : Date.now() + pollInterval();
        source.stop();
      }
    },
  });
  return {
    source,
    transport,
    // From now on the source reports straight to the controller, starting with what it held.
    release() {
      const pending = held ?? [];
      held = undefined;
      for (const event of pending) context.emit(event);
      if (resumeAt !== undefined) source.start(Math.max(0, resumeAt - Date.now()));
    },
  };
}

/**
 * getStateInstance, asked first because only a `notAuthorized` instance can be linked, with the QR
 * source's head start leaving together with its first request. The head start is handed on when the state says
 * `notAuthorized`, and stopped and forgotten on any other answer; pausing pauses both. Reports each
 * answer (`instance-state`), then what it leads to: `linkable`, `authorized` or `failed`, which end
 * it, or `not-ready`, asked again after STATE_RECHECK_MS; a failing request, `retrying` or `failed`.
 */
export function stateCheck({ client, credentials, emit }: SourceContext, ahead?: HeadStart): Activity {
  const secret = credentials.apiTokenInstance;
  /** The head start, handed on (linkable) or stopped (anything else): from then on it is not the state check's. */
  const takeHeadStart = (): HeadStart | undefined => {
    const taken = ahead;
    ahead = undefined;
    return taken;
  };
  const chain = requestChain(
    client,
    credentials,
    { method: 'getStateInstance', read: (status, text) => interpretStateResponse(status, text, secret) },
    {
      onAnswer: (state) => {
        emit({ kind: 'instance-state', state });
        const plan = planForState(state, secret);
        if (plan.kind === 'linkable') {
          emit({ kind: 'linkable', headStart: takeHeadStart() });
          return undefined;
        }
        takeHeadStart()?.source.stop();
        emit(plan);
        return plan.kind === 'not-ready' ? STATE_RECHECK_MS : undefined;
      },
      // One failing stream at a time: the QR source starts again once the state is known.
      onRetry: (error, retryAt) => {
        takeHeadStart()?.source.stop();
        emit({ kind: 'retrying', error, retryAt });
      },
      onFail: (error) => emit({ kind: 'failed', error }),
    },
  );
  return {
    start() {
      chain.start();
      // Together with the state request, not before it: while the state check waits out its rate
      // limit (a restart), qr must not run ahead of it.
      ahead?.source.start(client.waitBefore('getStateInstance'));
    },
    stop() {
      chain.stop();
      ahead?.source.stop();
    },
  };
}
