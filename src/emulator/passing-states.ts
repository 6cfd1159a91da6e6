// States that pass by themselves: `null` then `starting` while an instance is being created,
// and the `starting` that pairing-code abuse causes. Read lazily from the clock, like the QR
// rotation, so that an idle emulator runs no timers.

import type { InstanceState } from '../protocol/index.js';

export interface PassingStep {
  state: InstanceState;
  /** Epoch ms at which this step ends. */
  until: number;
}

export class PassingStates {
  #steps: PassingStep[] = [];
  #onEnd: ((endedAt: number) => void) | null = null;

  /** Runs `steps` one after the other from now, then `onEnd` with the time the last one ended. */
  start(steps: readonly PassingStep[], onEnd: (endedAt: number) => void): void {
    this.#steps = [...steps];
    this.#onEnd = onEnd;
  }

  /** Stops without running `onEnd`: the state was set by other means. */
  cancel(): void {
    this.#steps = [];
    this.#onEnd = null;
  }

  /** The state at `now`, or undefined when none passes by itself (having run `onEnd` if the last step just ended). */
  stateAt(now: number): InstanceState | undefined {
    const step = this.#steps.find(({ until }) => now < until);
    if (step) return step.state;
    const last = this.#steps.at(-1);
    const onEnd = this.#onEnd;
    this.cancel();
    if (last && onEnd) onEnd(last.until);
    return undefined;
  }

  /** Epoch ms at which the state now moves on by itself, or null when it does not. */
  nextChangeAt(now: number): number | null {
    return this.#steps.find(({ until }) => now < until)?.until ?? null;
  }
}
