// `npm run bench` runs from the build and prints its table (one page load per figure here, without
// the minute-long waste counts, with one crowd of 5 and 20 rotations and re-appendings for the heap,
// to stay quick: the element's own tests prove each of those behaviours; the figures themselves are
// the bench's business, not a pass/fail). Chromium only, as the bench.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSum, moduleFiles } from '../bundle-files.mjs';
import { e2eEngines } from './browsers.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const chromium = e2eEngines().find(({ engine }) => engine === 'chromium');

describe('npm run bench', { skip: chromium ? chromium.skip : 'the bench runs in Chromium (E2E_ENGINES leaves it out)' }, () => {
  it('measures both pages: nothing is left running after removal, the crowd paints every code, and the bytes are the budget’s, in the JSON and the table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'greenapi-qr-bench-'));
    try {
      const out = join(dir, 'bench.json');
      const args = ['--runs', '1', '--skip-waste', '--crowd', '5', '--rotations', '20', '--cycles', '20', '--out', out];
      const { stdout } = await run(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../bench/run.mjs', import.meta.url)), ...args], {
        timeout: 120_000,
      });
      const results = JSON.parse(readFileSync(out, 'utf8'));
      // What the bench claims about the element, each a figure a user would notice if it broke.
      for (const transport of ['poll', 'websocket']) {
        const left = results.leftovers[transport];
        assert.deepEqual(
          { requests: left.requests, socketsStillOpen: left.socketsStillOpen, liveTimers: left.liveTimers },
          { requests: 0, socketsStillOpen: 0, liveTimers: 0 },
          `${transport}: nothing left running 1 s after removal, nothing sent in 3 s`,
        );
        assert.ok(left.liveTimersBefore > 0, `${transport}: the timer count saw the running element's timers`);
      }
      assert.equal(results.leftovers.websocket.socketsOpened, 0, 'no socket reopened after removal');
      assert.equal(results.crowd['5'].count, 5);
      assert.ok(results.crowd['5'].allPaintedMs > 0, 'all five codes were painted');
      assert.ok(results.firstQrPainted['150 ms'].official.median >= 150, 'the added latency reached the official page too');
      assert.ok(results.firstQrPainted['150 ms'].ours.median >= 150, 'and ours');
      assert.equal(results.heap.rotations.rotations, 20, 'the page was shown every rotation');
      // The bytes the bench reports are the ones npm test's budget measures, and its table prints the same figures.
      const { firstLoad, moduleBuild, bySource } = results.bytes;
      const measured = await gzipSum(ROOT, await moduleFiles(ROOT, { dynamic: false }));
      assert.equal(firstLoad.gzip, measured.gzip, 'the first load is what the size budget measures');
      assert.ok(moduleBuild.gzip >= firstLoad.gzip, 'everything is at least the first load');
      assert.equal(
        bySource.sources.reduce((sum, { bytes }) => sum + bytes, 0),
        bySource.bytes,
        'the sources add up to the files',
      );
      assert.match(stdout, new RegExp(`\\| Default path, first load[^|]*\\| ${firstLoad.gzip} B gzip`), 'the table prints the JSON’s figure');
      assert.match(
        stdout,
        new RegExp(`\\| 5 elements on one page: all QRs painted \\| ${results.crowd['5'].allPaintedMs} ms`),
        'the table prints the JSON’s figure',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
