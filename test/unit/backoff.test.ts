import { expect } from '@open-wc/testing';
import { backoffDelay } from '../../src/element/backoff.js';

describe('backoff', () => {
  it('doubles from 1 s with no jitter at the extremes of the random source', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, () => 1))).to.deep.equal([1000, 2000, 4000, 8000, 16000]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, () => 0))).to.deep.equal([500, 1000, 2000, 4000, 8000]);
  });

  it('is capped at 30 s however many attempts failed', () => {
    expect(backoffDelay(6, () => 1)).to.equal(30_000);
    expect(backoffDelay(1000, () => 1)).to.equal(30_000);
  });

  it('spreads retries between half and all of the ceiling', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(3));
    expect(Math.min(...delays)).to.be.at.least(2000);
    expect(Math.max(...delays)).to.be.at.most(4000);
    expect(new Set(delays).size).to.be.greaterThan(50);
  });

  it('honours custom base and cap', () => {
    expect(backoffDelay(3, () => 1, { baseMs: 100, capMs: 300 })).to.equal(300);
  });
});
