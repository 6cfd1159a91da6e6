import { interpretStateResponse, planForState } from './instance-state.js';
import type { GreenApiClient } from './greenapi-client.js';
import { RequestChain, type Activity } from './request-chain.js';
import type { SourceContext, SourceEvent } from './source-events.js';
import type { GreenApiQrErrorDetail, GreenApiQrTransport, InstanceState } from './public-types.js';

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
export class HeadStart {
  readonly source: Activity;
  readonly #emit: SourceContext['emit'];
  #held?: SourceEvent[] = [];
  /** When stopped polling would have asked next (after a code: poll-interval; after a failure: its backoff). */
  #resumeAt?: number;

  constructor(
    readonly transport: GreenApiQrTransport,
    context: SourceContext,
    makeSource: (context: SourceContext) => Activity,
    pollInterval: () => number,
  ) {
    this.#emit = context.emit;
    const hold = (event: SourceEvent) => {
      if (!this.#held) return this.#emit(event);
      this.#held = [...this.#held.filter((held) => held.kind !== event.kind), event];
      if (transport === 'poll') {
        this.#resumeAt = event.kind === 'retrying' ? event.retryAt : Date.now() + pollInterval();
        this.source.stop();
      }
    };
    this.source = makeSource({ ...context, emit: hold });
  }

  /** From now on the source reports straight to the controller, starting with what it held. */
  release(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const event of held) this.#emit(event);
    if (this.#resumeAt !== undefined) this.source.start(Math.max(0, this.#resumeAt - Date.now()));
  }
}

/** What the state check can conclude; the first four end it. */
export interface StateOutcomes {
  /** Every answer, before what it leads to. */
  known(state: InstanceState): void;
  /** `notAuthorized`: link, by the head start when there is one. */
  link(headStart: HeadStart | undefined): void;
  authorized(): void;
  fail(error: GreenApiQrErrorDetail): void;
  /** Not linkable for now (starting, asleep, being created…): asked again after STATE_RECHECK_MS. */
  wait(state: InstanceState, error: GreenApiQrErrorDetail): void;
  /** The request failed for a while; retried by itself at `retryAt`. */
  retrying(error: GreenApiQrErrorDetail, retryAt: number): void;
}

/**
 * getStateInstance, asked first because only a `notAuthorized` instance can be linked, with the QR
 * source's head start leaving together with its first request. The head start is handed on when the state says
 * `notAuthorized`, and stopped and forgotten on any other answer; pausing pauses both.
 */
export class StateCheck implements Activity {
  readonly #client: GreenApiClient;
  readonly #chain: RequestChain<InstanceState>;
  #headStart?: HeadStart;

  constructor({ client, credentials }: SourceContext, outcomes: StateOutcomes, headStart?: HeadStart) {
    const secret = credentials.apiTokenInstance;
    this.#client = client;
    this.#headStart = headStart;
    this.#chain = new RequestChain(
      client,
      credentials,
      { method: 'getStateInstance', read: (status, text) => interpretStateResponse(status, text, secret) },
      {
        onAnswer: (state) => {
          outcomes.known(state);
          const plan = planForState(state, secret);
          if (plan.kind === 'link') {
            outcomes.link(this.#takeHeadStart());
            return undefined;
          }
          this.#dropHeadStart();
          if (plan.kind === 'wait') {
            outcomes.wait(state, plan.error);
            return STATE_RECHECK_MS;
          }
          if (plan.kind === 'authorized') outcomes.authorized();
          else outcomes.fail(plan.error);
          return undefined;
        },
        // One failing stream at a time: the QR source starts again once the state is known.
        onRetry: (error, retryAt) => {
          this.#dropHeadStart();
          outcomes.retrying(error, retryAt);
        },
        onFail: (error) => outcomes.fail(error),
      },
    );
  }

  start(): void {
    this.#chain.start();
    // Together with the state request, not before it: while the state check waits out its rate
    // limit (a restart), qr must not run ahead of it.
    this.#headStart?.source.start(this.#client.waitBefore('getStateInstance'));
  }

  stop(): void {
    this.#chain.stop();
    this.#headStart?.source.stop();
  }

  #takeHeadStart(): HeadStart | undefined {
    const headStart = this.#headStart;
    this.#headStart = undefined;
    return headStart;
  }

  #dropHeadStart(): void {
    this.#takeHeadStart()?.source.stop();
  }
}
