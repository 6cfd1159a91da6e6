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
import { e2eEngines } from './browsers.mjs';

const run = promisify(execFile);
const chromium = e2eEngines().find(({ engine }) => engine === 'chromium');

describe('npm run bench', { skip: chromium ? chromium.skip : 'the bench runs in Chromium (E2E_ENGINES leaves it out)' }, () => {
  it('measures both pages and prints the markdown table and the JSON it wrote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'greenapi-qr-bench-'));
    try {
      const out = join(dir, 'bench.json');
      const args = ['--runs', '1', '--skip-waste', '--crowd', '5', '--rotations', '20', '--cycles', '20', '--out', out];
      const { stdout } = await run(process.execPath, [fileURLToPath(new URL('../bench/run.mjs', import.meta.url)), ...args], { timeout: 120_000 });
      assert.match(stdout, /^\| Measure \| `<greenapi-qr>` \| Official example’s algorithm \|$/m);
      for (const row of [
        /First QR painted, 0 ms added latency \| \d+ ms \| \d+ ms/,
        /First QR painted, 150 ms added latency \| \d+ ms \| \d+ ms/,
        /Scan → the page knows, polling \| \d+ ms \| \d+ ms/,
        /\| 5 elements on one page: all QRs painted \| \d+ ms \(last code answered at \d+ ms; the emulator alone serves them in \d+ ms\) \| — \|/,
        /\| 5 elements on one page: longest task until 3 s later \(only tasks ≥ 50 ms are seen; 0: none\) \| \d+ ms \| — \|/,
        /\| Heap growth after 20 QR rotations, WebSocket \| [+-]\d+ kB \([+-]\d+ kB after the first 2\) \| — \|/,
        /\| Heap growth after 20 removals and re-appendings \| [+-]\d+ kB \([+-]\d+ kB after the first 2\), event listeners [+-]\d+ \| — \|/,
        /\| Left after removal, polling: timers live at 1 s; requests, sockets opened and sockets open in 3 s \| \d+ timers?; \d+ requests?, \d+ opened, \d+ open \| — \|/,
        /\| Left after removal, WebSocket: timers live at 1 s; requests, sockets opened and sockets open in 3 s \| \d+ timers?; \d+ requests?, \d+ opened, \d+ open \| — \|/,
        /greenapi-qr\.min\.js` \| \d+ B gzip, \d+ B brotli/,
        /\| Default path, first load: the build's JS fetched before the first QR \(QR, polling, English\) \| \d+ B gzip, \d+ files? \| — \|/,
        /\| Module build, everything: the entry and every chunk it can load \| \d+ B gzip, \d+ files? \| — \|/,
        /^\| Source \| Minified \| Share \| Gzip alone \|$/m,
        /^\| lit \| \d+ B \| [\d.]+ % \| \d+ B \|$/m,
      ]) {
        assert.match(stdout, row);
      }
      const results = JSON.parse(readFileSync(out, 'utf8'));
      assert.ok(results.firstQrPainted['150 ms'].official.median >= 150, 'the added latency reached the official page too');
      assert.ok(results.firstQrPainted['150 ms'].ours.median >= 150, 'and ours');
      assert.equal(results.crowd['5'].count, 5);
      assert.equal(results.heap.rotations.rotations, 20, 'the page was shown every rotation');
      assert.equal(results.leftovers.websocket.transport, 'websocket');
      const { firstLoad, moduleBuild, bySource } = results.bytes;
      assert.ok('dist/greenapi-qr.min.js' in firstLoad.files, 'the first load counts the entry');
      assert.ok(moduleBuild.gzip >= firstLoad.gzip, 'everything is at least the first load');
      assert.equal(bySource.sources.reduce((sum, { bytes }) => sum + bytes, 0), bySource.bytes, 'the sources add up to the files');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
