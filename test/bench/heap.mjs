// What the element keeps on the page's heap after long use: 1,000 QR rotations on one element, and
// 1,000 removals and re-appendings of one element. Measured through the DevTools protocol: a full
// garbage collection, then V8's used heap (Runtime.getHeapUsage) and Blink's counts of DOM nodes
// and JS event listeners (Memory.getDOMCounters), before and after.
//
// Rotations: polling cannot go faster than GREEN-API's 3 `qr` per second (the element never starts
// two `qr` less than 350 ms apart, whatever its poll-interval), so 1,000 codes by polling would
// take 6 minutes. Over `transport="websocket"` the emulator pushes a frame for every new code,
// rate-limit free, so the bench rotates the instance's code through the control API
// (`emulator.control.rotate`, which sends the new code down the open socket exactly as a timed
// rotation does) as fast as the emulator encodes the pictures. Driving the rotations, rather than
// a tiny emulator-wide qrRotateMs, gives an exact count and a quiet socket for both heap readings.
// The page counts what it was shown: every change of the <img part="qr"> src in the shadow root.

import { openBenchPage, untilQrPainted } from './waste.mjs';

/** @typedef {{ usedKB: number, nodes: number, listeners: number }} HeapReading */
/** @typedef {{ url: string, control: import('../../dist/emulator/control-client.js').EmulatorControl }} Emulator */

/**
 * @param {import('playwright-core').CDPSession} cdp
 * @returns {Promise<HeapReading>}
 */
async function readHeap(cdp) {
  // Twice: the first collection can leave finalized objects for the second one.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const { nodes, jsEventListeners } = await cdp.send('Memory.getDOMCounters');
  return { usedKB: Math.round(usedSize / 1024), nodes, listeners: jsEventListeners };
}

/**
 * @param {HeapReading} before
 * @param {HeapReading} after
 */
function growth(before, after) {
  return {
    heapGrowthKB: after.usedKB - before.usedKB,
    nodesGrowth: after.nodes - before.nodes,
    listenersGrowth: after.listeners - before.listeners,
    before,
    after,
  };
}

/**
 * Heap growth while one element shows `rotations` pushed codes, with a deadline: when the page
 * has not been shown them all by then, the growth is that of the rotations it was shown, as counted.
 * @param {import('playwright-core').Browser} browser
 * @param {Emulator} emulator
 * @param {string} pagesUrl
 * @param {number} rotations
 * @param {number} [deadlineMs]
 */
export async function heapAfterRotations(browser, emulator, pagesUrl, rotations, deadlineMs = 60_000) {
  const instance = await emulator.control.createInstance();
  const { tab } = await openBenchPage(browser, pagesUrl, 'ours.html', emulator.url, instance, { params: { transport: 'websocket' } });
  try {
    await untilQrPainted(tab);
    const socketOpen = (await emulator.control.instanceInfo(instance.idInstance)).stats.sockets.open === 1;
    if (!socketOpen) throw new Error('the element did not keep the scanqrcode socket open');
    await tab.evaluate(() => {
      const qr = /** @type {HTMLElement} */ (document.getElementById('qr'));
      const seen = { changes: 0 };
      /** @type {any} */ (window).benchRotations = seen;
      new MutationObserver((records) => {
        for (const record of records) {
          if (record.type === 'attributes' && /** @type {Element} */ (record.target).getAttribute('part') === 'qr') seen.changes++;
          else if (record.type === 'childList')
            seen.changes += [...record.addedNodes].filter((node) => node instanceof Element && node.matches('img[part="qr"]')).length;
        }
      }).observe(/** @type {ShadowRoot} */ (qr.shadowRoot), { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] });
    });
    const cdp = await tab.context().newCDPSession(tab);
    const before = await readHeap(cdp);
    const startedAt = Date.now();
    const inTime = () => Date.now() - startedAt < deadlineMs;
    const shown = () => tab.evaluate(() => /** @type {number} */ (/** @type {any} */ (window).benchRotations.changes));
    let sent = 0;
    /**
     * Rotates until `target` codes were sent, one at a time, each shown before the next is sent: two
     * codes pushed within one frame are painted as one, which a count of the page's changes would miss.
     */
    const rotateTo = async (/** @type {number} */ target) => {
      while (sent < target && inTime()) {
        await emulator.control.rotate(instance.idInstance);
        sent++;
        while ((await shown()) < sent && inTime()) await new Promise((done) => setTimeout(done, 5));
      }
      return shown();
    };
    // A reading after the first tenth too, so that what the first rotations warm up (compiled code,
    // inline caches) can be told from growth that goes on.
    const warmUp = Math.round(rotations / 10);
    const warmUpShown = await rotateTo(warmUp);
    const warm = await readHeap(cdp);
    const count = await rotateTo(rotations);
    const seconds = (Date.now() - startedAt) / 1000;
    const after = await readHeap(cdp);
    return {
      rotations: count,
      asked: rotations,
      seconds: Math.round(seconds * 10) / 10,
      ...growth(before, after),
      afterWarmUp: { rotations: warmUpShown, heapGrowthKB: after.usedKB - warm.usedKB, reading: warm },
    };
  } finally {
    await tab.close();
  }
}

/**
 * Heap growth after one element with credentials is removed and appended again `cycles` times
 * (waiting for its update and a task each time, so that every connection starts its session), then
 * removed for good. The page script keeps its reference to the element, before and after.
 * @param {import('playwright-core').Browser} browser
 * @param {Emulator} emulator
 * @param {string} pagesUrl
 * @param {number} cycles
 */
export async function heapAfterCycles(browser, emulator, pagesUrl, cycles) {
  const instance = await emulator.control.createInstance();
  const { tab, sent } = await openBenchPage(browser, pagesUrl, 'ours.html', emulator.url, instance);
  try {
    await untilQrPainted(tab);
    const cdp = await tab.context().newCDPSession(tab);
    const before = await readHeap(cdp);
    const requestsBefore = sent.length;
    const startedAt = Date.now();
    const move = (/** @type {number} */ times) =>
      tab.evaluate(async (count) => {
        const qr = /** @type {HTMLElement & { updateComplete: Promise<boolean> }} */ (document.getElementById('qr'));
        for (let i = 0; i < count; i++) {
          qr.remove();
          document.body.append(qr);
          await qr.updateComplete;
          // A task between moves, as a framework's re-renders would leave.
          await new Promise((done) => setTimeout(done, 0));
        }
      }, times);
    const warmUp = Math.round(cycles / 10);
    await move(warmUp);
    const warm = await readHeap(cdp);
    await move(cycles - warmUp);
    await tab.evaluate(() => document.getElementById('qr')?.remove());
    const seconds = (Date.now() - startedAt) / 1000;
    // Aborted requests and closed sockets are let go of by the browser a moment later.
    await new Promise((done) => setTimeout(done, 1000));
    const after = await readHeap(cdp);
    return {
      cycles,
      seconds: Math.round(seconds * 10) / 10,
      requests: sent.length - requestsBefore,
      ...growth(before, after),
      afterWarmUp: { cycles: warmUp, heapGrowthKB: after.usedKB - warm.usedKB, reading: warm },
    };
  } finally {
    await tab.close();
  }
}
