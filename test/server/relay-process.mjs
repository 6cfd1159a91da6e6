// Starts test/server/fixtures/relay-process.mjs as a child process and watches it: a test ends by
// asserting that the relay is still alive, so a request that crashed it fails the test that sent it.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./fixtures/relay-process.mjs', import.meta.url));
export const SESSION = 'relay-session-5c2a';
export const SIGNED_IN = { Cookie: `session=${SESSION}` };

/**
 * @param {{ upstreamUrl: string, instances: Record<string, string>, relayOptions?: object, redis?: { url: string, prefix?: string, connectFirst?: boolean }, stateChanges?: 'log' | 'throw' | 'reject' }} config
 * @returns {Promise<{ url: string, host: string, errors: { code: string, message: string }[], changes: { idInstance: string, stateInstance: string | null, previous?: string | null, at: string, account?: { phone?: string, wid?: string }, source: string }[], output: () => string, alive: () => boolean, stop: () => Promise<void>, kill: () => Promise<void> }>}
 */
export async function startRelayProcess(config) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, RELAY_CONFIG: JSON.stringify({ ...config, session: SESSION }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  /** @type {{ code: string, message: string }[]} */
  const errors = [];
  /** @type {{ idInstance: string, stateInstance: string | null, previous?: string | null, at: string, account?: { phone?: string, wid?: string }, source: string }[]} */
  const changes = [];
  let exited = false;
  const exit = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  child.stderr.on('data', (chunk) => (output += chunk));
  let partial = '';
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const listening = /^listening (\d+)$/.exec(line);
        if (listening) resolve(Number(listening[1]));
        if (line.startsWith('onError ')) errors.push(JSON.parse(line.slice('onError '.length)));
        if (line.startsWith('onStateChange ')) changes.push(JSON.parse(line.slice('onStateChange '.length)));
      }
    });
    exit.then(() => reject(new Error(`the relay process exited before listening:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    errors,
    /** What onStateChange heard (with `stateChanges` in the configuration), one entry per call. */
    changes,
    output: () => output,
    alive: () => !exited,
    async stop() {
      if (exited) return;
      child.kill();
      await exit;
    },
    /** Ends the process at once, as a crash or an out-of-memory kill would: nothing of it runs after. */
    async kill() {
      if (exited) return;
      child.kill('SIGKILL');
      await exit;
    },
  };
}

/**
 * Sends `raw` on a fresh TCP connection to `base` (`http://host:port`) and reads until the server
 * closes it: what came back, its status (undefined for none), and `hung` when the server had not
 * closed after two seconds. Requests that expect an answer send `Connection: close`.
 * @param {string} base
 * @param {string | Buffer} raw
 * @returns {Promise<{ answer: string, status: number | undefined, hung: boolean }>}
 */
export function rawExchange(base, raw) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      socket.destroy();
    }, 2000);
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
      resolve({ answer, status: status === undefined ? undefined : Number(status), hung });
    });
    socket.write(raw);
  });
}
