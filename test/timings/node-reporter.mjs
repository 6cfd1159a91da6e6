// A node:test reporter that writes every passed or failed test's duration to $TEST_TIMINGS_FILE
// (JSON lines), next to the spec reporter's output, so that `npm test` can print the slowest tests.
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';

/** @param {AsyncIterable<{ type: string, data: { name: string, file?: string, details?: { duration_ms?: number, type?: string } } }>} source */
export default async function* timings(source) {
  const file = process.env.TEST_TIMINGS_FILE;
  for await (const event of source) {
    const { type, data } = event;
    // Suites report their summed duration too; only tests are counted.
    if (!file || (type !== 'test:pass' && type !== 'test:fail') || data.details?.type === 'suite') continue;
    const ms = Math.round(data.details?.duration_ms ?? 0);
    appendFileSync(file, `${JSON.stringify({ engine: 'node', file: data.file ? relative(process.cwd(), data.file) : '', name: data.name, ms })}\n`);
  }
}
