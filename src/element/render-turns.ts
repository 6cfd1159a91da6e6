/**
 * A page that shows many elements at once (a dashboard of a hundred instances) would render them
 * all in one task and freeze for its length. Once a task has spent RENDER_BUDGET_MS rendering,
 * every further element renders in a task of its own, in the order they asked, so that input and
 * painting get their turn in between. A lone element never waits.
 */
const RENDER_BUDGET_MS = 8;

/** When this task's first render began; undefined until an element renders in it. */
let budgetStartedAt: number | undefined;
const waiting: Array<() => void> = [];
/** Created on first use: an open port with a listener would keep Node alive where the module is merely imported. */
let channel: MessageChannel | undefined;

/** Undefined: render now. A promise: render once it settles, in a later task. */
export function renderTurn(): Promise<void> | undefined {
  const now = performance.now();
  if (budgetStartedAt === undefined) {
    budgetStartedAt = now;
    // The message arrives in a new task: this one's budget ends there.
    nextTask();
  }
  if (waiting.length === 0 && now - budgetStartedAt < RENDER_BUDGET_MS) return undefined;
  return new Promise((resolve) => {
    waiting.push(resolve);
    nextTask();
  });
}

function nextTask(): void {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => {
      budgetStartedAt = undefined;
      waiting.shift()?.();
    };
  }
  channel.port2.postMessage(undefined);
}
