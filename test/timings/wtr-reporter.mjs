// A @web/test-runner reporter that writes every test's duration to $TEST_TIMINGS_FILE (JSON lines),
// so that `npm test` can print the slowest tests of all stages and engines.
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * @param {import('@web/test-runner-core').TestSuiteResult | undefined} suite
 * @param {string[]} path
 * @returns {Generator<{ name: string, duration: number }>}
 */
function* testsOf(suite, path = []) {
  if (!suite) return;
  for (const test of suite.tests) yield { name: [...path, test.name].join(' > '), duration: test.duration ?? 0 };
  for (const child of suite.suites) yield* testsOf(child, [...path, child.name]);
}

/** @returns {import('@web/test-runner-core').Reporter} */
export function timingsReporter() {
  return {
    stop({ sessions }) {
      const file = process.env.TEST_TIMINGS_FILE;
      if (!file) return;
      const lines = [];
      for (const session of sessions) {
        for (const { name, duration } of testsOf(session.testResults)) {
          lines.push(JSON.stringify({ engine: session.browser.name, file: relative(process.cwd(), session.testFile), name, ms: Math.round(duration) }));
        }
      }
      if (lines.length) appendFileSync(file, `${lines.join('\n')}\n`);
    },
  };
}
