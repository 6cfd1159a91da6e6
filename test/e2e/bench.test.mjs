// `npm run bench` runs from the build and prints its table (one page load per figure here, and
// without the minute-long waste counts, to stay quick: the element's own tests prove each of those
// behaviours; the figures themselves are the bench's business, not a pass/fail). Chromium only, as the bench.
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
      const { stdout } = await run(process.execPath, [fileURLToPath(new URL('../bench/run.mjs', import.meta.url)), '--runs', '1', '--skip-waste', '--out', out], { timeout: 120_000 });
      assert.match(stdout, /^\| Measure \| `<greenapi-qr>` \| Official example’s algorithm \|$/m);
      for (const row of [/First QR painted, 0 ms added latency \| \d+ ms \| \d+ ms/, /First QR painted, 150 ms added latency \| \d+ ms \| \d+ ms/, /Scan → the page knows, polling \| \d+ ms \| \d+ ms/, /greenapi-qr\.min\.js` \| \d+ B gzip, \d+ B brotli/]) {
        assert.match(stdout, row);
      }
      const results = JSON.parse(readFileSync(out, 'utf8'));
      assert.ok(results.firstQrPainted['150 ms'].official.median >= 150, 'the added latency reached the official page too');
      assert.ok(results.firstQrPainted['150 ms'].ours.median >= 150, 'and ours');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
