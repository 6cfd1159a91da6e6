import { expect } from '@open-wc/testing';
import { renderTurn } from '../../src/element/render-turns.js';

/** Spins for `ms`, as a long render would. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // the CPU time a render takes
  }
}

/** Settles in a later task. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('render turns', () => {
  it('never holds back a lone render, nor a few short ones in one task', async () => {
    await nextTask();
    expect(renderTurn()).to.equal(undefined);
    expect(renderTurn()).to.equal(undefined);
  });

  it('past 8 ms of rendering in one task, each further render waits for a task of its own, in the order they asked', async () => {
    await nextTask();
    expect(renderTurn(), 'the first render of the task').to.equal(undefined);
    busyFor(10);
    const order: string[] = [];
    const waits = ['second', 'third', 'fourth'].map((name) => {
      const turn = renderTurn();
      expect(turn, `${name}: over the budget`).to.be.instanceOf(Promise);
      return turn!.then(() => {
        order.push(name);
        // A microtask after this one's turn: the next must not have had its turn yet (same task).
        queueMicrotask(() => order.push(`${name} done`));
      });
    });
    expect(order, 'nothing before this task ends').to.deep.equal([]);
    await Promise.all(waits);
    await nextTask();
    expect(order).to.deep.equal(['second', 'second done', 'third', 'third done', 'fourth', 'fourth done']);
    expect(renderTurn(), 'a new task has a new budget').to.equal(undefined);
  });
});
