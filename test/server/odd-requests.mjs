// What the relay answers odd requests with in each runtime, as the README's table says: the tests
// that run each runtime (hostile-requests.test.mjs for Node's http, examples.test.mjs for Express and
// Hono, server-rendered.test.mjs for Next.js and Nuxt, angular.test.mjs for Angular's server.ts) send
// the same requests with askOddRequests and compare the answers with this; readme-recipes.test.mjs
// checks that the README holds oddRequestsTable().
import { rawExchange } from './relay-process.mjs';

/** @typedef {{ trace: number | undefined, badTarget: number | undefined, extraSegments: number | undefined, getLogout: number | undefined, crossSiteLogout: number | undefined }} OddAnswers */

/** @type {Record<'node' | 'express' | 'angular' | 'hono' | 'nextjs' | 'nuxt', OddAnswers>} */
export const README_ODD_REQUESTS = {
  node: { trace: 405, badTarget: 400, extraSegments: 404, getLogout: 405, crossSiteLogout: 403 },
  express: { trace: 405, badTarget: 404, extraSegments: 404, getLogout: 405, crossSiteLogout: 403 },
  angular: { trace: 405, badTarget: 500, extraSegments: 404, getLogout: 405, crossSiteLogout: 403 },
  hono: { trace: 405, badTarget: 400, extraSegments: 404, getLogout: 405, crossSiteLogout: 403 },
  nextjs: { trace: 500, badTarget: 308, extraSegments: 404, getLogout: 405, crossSiteLogout: 403 },
  nuxt: { trace: 500, badTarget: 404, extraSegments: 404, getLogout: 405, crossSiteLogout: 403 },
};

/** Who answered, where it is not the relay: the runtime before the relay ran. */
const ANSWERED_BY = {
  express: { badTarget: "Express's router" },
  angular: { badTarget: "Angular's renderer: its URL throws" },
  hono: { trace: '@hono/node-server', badTarget: '@hono/node-server' },
  nextjs: { trace: 'Next.js, before the route runs', badTarget: "Next.js's redirect" },
  nuxt: { trace: "Nitro's toWebRequest throws", badTarget: "Nitro's router" },
};

const REQUESTS = {
  trace: '`TRACE …/qr` (a verb `Request` cannot carry)',
  badTarget: '`GET http://%zz/…` (a target `URL` rejects)',
  extraSegments: '`GET {basePath}/x/y/waInstance{id}/qr`',
  getLogout: '`GET …/logout`',
  crossSiteLogout: '`POST …/logout` from another site',
};

/** The README's table, made from README_ODD_REQUESTS: readme-recipes.test.mjs checks the README holds it. */
export function oddRequestsTable() {
  const cell = (/** @type {keyof typeof README_ODD_REQUESTS} */ runtime, /** @type {keyof OddAnswers} */ key) => {
    const by = /** @type {Record<string, Record<string, string>>} */ (ANSWERED_BY)[runtime]?.[key];
    return `${README_ODD_REQUESTS[runtime][key]}${by ? ` (${by})` : ''}`;
  };
  const rows = Object.entries(REQUESTS).map(([key, request]) => {
    const k = /** @type {keyof OddAnswers} */ (key);
    return `| ${request} | ${cell('node', k)} | ${cell('express', k)} | ${cell('angular', k)} | ${cell('hono', k)} | ${cell('nextjs', k)} | ${cell('nuxt', k)} |`;
  });
  return [
    '| Request | Node `http` | Express | Angular SSR (`server.ts`) | Hono on Node | Next.js route | Nuxt (Nitro) route |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/**
 * Sends each odd request to the relay mounted at `/api/whatsapp` on `base`, signed in with `cookie`.
 * @param {string} base `http://host:port`
 * @param {string} idInstance
 * @param {string} cookie
 * @returns {Promise<OddAnswers>}
 */
export async function askOddRequests(base, idInstance, cookie) {
  const { host } = new URL(base);
  const path = (/** @type {string} */ method) => `/api/whatsapp/waInstance${idInstance}/${method}`;
  const statusOf = async (/** @type {string} */ line, headers = '') =>
    (await rawExchange(base, `${line} HTTP/1.1\r\nHost: ${host}\r\nCookie: ${cookie}\r\n${headers}Connection: close\r\n\r\n`)).status;
  return {
    trace: await statusOf(`TRACE ${path('qr')}`),
    badTarget: await statusOf(`GET http://%zz${path('qr')}`),
    extraSegments: await statusOf(`GET /api/whatsapp/x/y/waInstance${idInstance}/qr`),
    getLogout: await statusOf(`GET ${path('logout')}`),
    crossSiteLogout: await statusOf(`POST ${path('logout')}`, 'Origin: https://evil.test\r\nContent-Length: 0\r\n'),
  };
}
