// The relay's route parser on its own: which instance and method a pathname asks for, and why any
// other is refused. The relay's answers to such paths, end to end, are in relay-routes.test.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { instancePath, LINKING_METHODS, SCAN_QR_CODE } from '../../src/protocol/index.js';
import { DEFAULT_BASE_PATH, normalizeBasePath, parseRelayRoute } from '../../src/server/relay-route.js';

const BASE = normalizeBasePath(DEFAULT_BASE_PATH);
const ID = '1101000001';

/** Why a path was refused, by the reason's wording. */
const NOT_RELAY = /^not a relay route: the relay answers /;
const NOT_A_METHOD = /^not a method the element uses$/;
const MALFORMED = /^malformed percent-encoding$/;
const BAD_ID = /^idInstance must be 1 to 10 digits$/;

/**
 * The route `pathname` asks for under `basePath`, failing the test when it is refused.
 * @param {string} pathname
 * @param {string} [basePath]
 */
function accepted(pathname, basePath = BASE) {
  const route = parseRelayRoute(pathname, basePath);
  assert.ok(!('status' in route), `${pathname} under ${JSON.stringify(basePath)}: ${JSON.stringify(route)}`);
  return route;
}

/**
 * Asserts that `pathname` is refused with `status`, for the reason `reason` matches.
 * @param {string} pathname
 * @param {400 | 404} status
 * @param {RegExp} reason
 * @param {string} [basePath]
 */
function refused(pathname, status, reason, basePath = BASE) {
  const route = parseRelayRoute(pathname, basePath);
  assert.ok('status' in route, `${pathname} under ${JSON.stringify(basePath)} was taken as ${JSON.stringify(route)}`);
  assert.equal(route.status, status, pathname);
  assert.match(route.reason, reason, pathname);
}

/**
 * The pathname the relay's callers pass for a request target, as WHATWG URL gives it.
 * @param {string} target
 */
function pathnameOf(target) {
  return new URL(`http://relay.invalid${target}`).pathname;
}

describe('the route {basePath}/waInstance{idInstance}/{method}', () => {
  test('gives the id and the method, for every method the element uses and the scanqrcode socket', () => {
    for (const name of [...LINKING_METHODS.map((method) => method.name), SCAN_QR_CODE.name]) {
      assert.deepEqual(accepted(`${BASE}${instancePath(ID, name)}`), { idInstance: ID, method: name });
    }
  });

  test('takes ids of 1 to 10 digits and gives them as written, leading zeros kept', () => {
    for (const id of ['0', '7', '0001101', '9999999999']) {
      assert.equal(accepted(`${BASE}/waInstance${id}/qr`).idInstance, id);
    }
  });

  test('mounted at the root (basePath ""), it is /waInstance{idInstance}/{method}', () => {
    assert.deepEqual(accepted(`/waInstance${ID}/getStateInstance`, ''), { idInstance: ID, method: 'getStateInstance' });
    refused(`${BASE}/waInstance${ID}/qr`, 404, NOT_RELAY, '');
  });

  test('a 404 outside the route names the route the relay does answer', () => {
    const route = parseRelayRoute('/elsewhere', '/relay');
    assert.deepEqual(route, { status: 404, reason: 'not a relay route: the relay answers /relay/waInstance{idInstance}/{method} only' });
  });
});

describe('any other path is 404', () => {
  test('paths outside the mount, the mount itself, and a mount that only starts the same', () => {
    for (const pathname of [
      '',
      '/',
      '/qr',
      `/waInstance${ID}/qr`,
      '/api',
      BASE,
      `${BASE}/`,
      `${BASE}x/waInstance${ID}/qr`,
      `${BASE}_waInstance${ID}/qr`,
      `/API/whatsapp/waInstance${ID}/qr`,
      `/x${BASE}/waInstance${ID}/qr`,
    ]) {
      refused(pathname, 404, NOT_RELAY);
    }
  });

  test('one segment or three, a trailing slash, an empty segment, a segment in between', () => {
    for (const pathname of [
      `${BASE}/waInstance${ID}`,
      `${BASE}/waInstance${ID}/qr/`,
      `${BASE}/waInstance${ID}/qr/token`,
      `${BASE}/waInstance${ID}/qr/qr`,
      `${BASE}//waInstance${ID}/qr`,
      `${BASE}/waInstance${ID}//qr`,
      `${BASE}/v1/waInstance${ID}/qr`,
      `${BASE}/waInstance${ID}/qr/..`,
      `${BASE}/../waInstance${ID}/qr`,
    ]) {
      refused(pathname, 404, NOT_RELAY);
    }
  });

  test('a first segment that is not waInstance…, spelt exactly', () => {
    for (const segment of [ID, `instance${ID}`, `WaInstance${ID}`, `wainstance${ID}`, `WAINSTANCE${ID}`, `xwaInstance${ID}`, `%20waInstance${ID}`, '']) {
      refused(`${BASE}/${segment}/qr`, 404, NOT_RELAY);
    }
  });

  test('a method the element does not use, or one spelt otherwise', () => {
    for (const method of [
      'sendMessage',
      'reboot',
      'setSettings',
      'getSettings',
      'QR',
      'Qr',
      'getstateinstance',
      'Logout',
      'scanQrCode',
      'SCANQRCODE',
      'qr.json',
      'qr;x',
      'qr%20',
      '%20qr',
      '',
      '..',
      '.',
      'toString',
      '__proto__',
      'constructor',
    ]) {
      refused(`${BASE}/waInstance${ID}/${method}`, 404, NOT_A_METHOD);
    }
  });

  test('a method the element does not use is 404 whatever the id: nothing is said of the id of a path the relay does not serve', () => {
    for (const id of ['', 'x', '12345678901']) refused(`${BASE}/waInstance${id}/sendMessage`, 404, NOT_A_METHOD);
  });
});

describe('the id', () => {
  test('an empty id is 400', () => {
    refused(`${BASE}/waInstance/qr`, 400, BAD_ID);
  });

  test('an id of 11 digits or more is 400', () => {
    for (const id of ['12345678901', '00000000000', '1'.repeat(20)]) refused(`${BASE}/waInstance${id}/qr`, 400, BAD_ID);
  });

  test('an id of anything but ASCII digits is 400', () => {
    for (const id of ['x', `${ID}x`, '-1', '+1', '1.0', '1e3', '0x1', '1,1', '%201', '1%20', '1%0A', '%0A1', '%EF%BC%91', '%D9%A1']) {
      refused(`${BASE}/waInstance${id}/qr`, 400, BAD_ID);
    }
  });
});

describe('percent-decoding: each segment once, then matched exactly', () => {
  test('encoded letters and digits are what they encode', () => {
    assert.deepEqual(accepted(`${BASE}/%77aInstance%31%31%30%31/%71%72`), { idInstance: '1101', method: 'qr' });
    assert.deepEqual(accepted(`${BASE}/waInstance${ID}/get%53tate%49nstance`), { idInstance: ID, method: 'getStateInstance' });
  });

  test('an encoded slash (%2F) stays inside its segment: it neither splits one nor joins two', () => {
    refused(`${BASE}/waInstance${ID}%2Fqr`, 404, NOT_RELAY);
    refused(`${BASE}/waInstance${ID}/qr%2F`, 404, NOT_A_METHOD);
    refused(`${BASE}/waInstance${ID}/qr%2F..%2FsendMessage`, 404, NOT_A_METHOD);
    refused(`${BASE}/waInstance${ID}/%2Fqr`, 404, NOT_A_METHOD);
    refused(`${BASE}/waInstance${ID}%2F..%2F1/qr`, 400, BAD_ID);
    refused(`${BASE}%2FwaInstance${ID}/qr`, 404, NOT_RELAY);
  });

  test('a double-encoded character (%25xx) is decoded once only', () => {
    refused(`${BASE}/waInstance${ID}/qr%252F`, 404, NOT_A_METHOD);
    refused(`${BASE}/waInstance${ID}/%2571r`, 404, NOT_A_METHOD);
    refused(`${BASE}/waInstance%2531/qr`, 400, BAD_ID);
    refused(`${BASE}/%2577aInstance${ID}/qr`, 404, NOT_RELAY);
  });

  test('encoded dots are a method or id like any other text, never a dot segment', () => {
    refused(`${BASE}/waInstance${ID}/%2E%2E`, 404, NOT_A_METHOD);
    refused(`${BASE}/waInstance${ID}/%2e`, 404, NOT_A_METHOD);
    refused(`${BASE}/waInstance%2E%2E/qr`, 400, BAD_ID);
  });

  test('malformed percent-encoding in either segment is 400', () => {
    for (const [instance, method] of [
      [`waInstance${ID}`, 'q%ZZ'],
      [`waInstance${ID}`, 'qr%'],
      [`waInstance${ID}`, 'qr%2'],
      [`waInstance%ZZ`, 'qr'],
      [`waInstance${ID}`, '%E0%A4%A'],
      [`waInstance${ID}`, '%C0%AF'],
      [`waInstance${ID}`, '%ED%A0%80'],
      ['waInstance%ZZ', 'sendMessage'],
    ]) {
      refused(`${BASE}/${instance}/${method}`, 400, MALFORMED);
    }
  });

  test('malformed percent-encoding outside the route is still just 404', () => {
    refused(`${BASE}/waInstance${ID}/qr/%ZZ`, 404, NOT_RELAY);
    refused(`/elsewhere%ZZ/waInstance${ID}/qr`, 404, NOT_RELAY);
  });
});

describe('with pathnames as the relay gets them (WHATWG URL)', () => {
  test('dot segments are resolved before the route is read: the path that results is what counts', () => {
    assert.deepEqual(accepted(pathnameOf(`${BASE}/waInstance${ID}/sendMessage/../qr`)), { idInstance: ID, method: 'qr' });
    assert.deepEqual(accepted(pathnameOf(`/elsewhere/..${BASE}/waInstance${ID}/qr`)), { idInstance: ID, method: 'qr' });
    refused(pathnameOf(`${BASE}/waInstance${ID}/qr/..`), 404, NOT_A_METHOD);
    refused(pathnameOf(`${BASE}/../waInstance${ID}/qr`), 404, NOT_RELAY);
    refused(pathnameOf(`${BASE}/waInstance${ID}/%2E%2E/qr`), 404, NOT_RELAY);
  });

  test('a query string or a fragment is not read: it cannot name another instance or method', () => {
    for (const suffix of ['?idInstance=2&method=logout', '?', '#/waInstance2/logout', `?x=${BASE}/waInstance2/logout`]) {
      assert.deepEqual(accepted(pathnameOf(`${BASE}/waInstance${ID}/qr${suffix}`)), { idInstance: ID, method: 'qr' }, suffix);
    }
  });

  test('an encoded ? or # is part of its segment, not the start of a query or fragment', () => {
    refused(pathnameOf(`${BASE}/waInstance${ID}/qr%3Fx=1`), 404, NOT_A_METHOD);
    refused(pathnameOf(`${BASE}/waInstance${ID}/qr%23x`), 404, NOT_A_METHOD);
    refused(pathnameOf(`${BASE}/waInstance${ID}%3F/qr`), 400, BAD_ID);
  });

  test('a raw ? or # handed to the parser with the path is never a method or id', () => {
    refused(`${BASE}/waInstance${ID}/qr?x=1`, 404, NOT_A_METHOD);
    refused(`${BASE}/waInstance${ID}/qr#x`, 404, NOT_A_METHOD);
    refused(`${BASE}/waInstance${ID}?/qr`, 400, BAD_ID);
  });
});

describe('basePath, as normalizeBasePath gives it', () => {
  test('with or without a trailing slash, a basePath mounts the same routes', () => {
    for (const given of ['/relay', '/relay/', '/relay//']) {
      const basePath = normalizeBasePath(given);
      assert.equal(basePath, '/relay', given);
      assert.deepEqual(accepted(`/relay/waInstance${ID}/qr`, basePath), { idInstance: ID, method: 'qr' });
      refused(`/relay//waInstance${ID}/qr`, 404, NOT_RELAY, basePath);
      refused(`/relay/waInstance${ID}/qr/`, 404, NOT_RELAY, basePath);
    }
  });

  test('/ is the root: an empty basePath', () => {
    assert.equal(normalizeBasePath('/'), '');
    assert.deepEqual(accepted(`/waInstance${ID}/qr`, normalizeBasePath('/')), { idInstance: ID, method: 'qr' });
  });

  test('the default mount is /api/whatsapp', () => {
    assert.deepEqual(accepted(`/api/whatsapp/waInstance${ID}/qr`, normalizeBasePath(DEFAULT_BASE_PATH)), { idInstance: ID, method: 'qr' });
  });

  test('a basePath is written as a URL path writes it, so that it matches the pathnames URL gives', () => {
    for (const [given, normalized] of [
      ['/my api', '/my%20api'],
      ['/\u00e4pi', '/%C3%A4pi'],
      ['/a/./b/../c', '/a/c'],
    ]) {
      const basePath = normalizeBasePath(given);
      assert.equal(basePath, normalized, given);
      assert.deepEqual(accepted(pathnameOf(`${given}/waInstance${ID}/qr`), basePath), { idInstance: ID, method: 'qr' }, given);
    }
  });

  test('only trailing slashes are dropped: inner empty segments stay, and must be in the path', () => {
    const basePath = normalizeBasePath('/api//whatsapp/');
    assert.equal(basePath, '/api//whatsapp');
    accepted(`/api//whatsapp/waInstance${ID}/qr`, basePath);
    refused(`/api/whatsapp/waInstance${ID}/qr`, 404, NOT_RELAY, basePath);
  });

  test('a basePath that is not an absolute path, or that holds a query or fragment, is a TypeError', () => {
    for (const given of ['', 'api/whatsapp', 'api', './api', 'https://app.example/api', '/api?x=1', '/api?', '/api#x', '/api#']) {
      assert.throws(() => normalizeBasePath(given), TypeError, JSON.stringify(given));
    }
    for (const given of [undefined, null, 1, ['/api'], { toString: () => '/api' }]) {
      assert.throws(() => normalizeBasePath(/** @type {any} */ (given)), TypeError, String(given));
    }
  });

  test('a basePath that starts with // or holds a backslash is refused: URL would read a host name from it', () => {
    for (const given of ['//api/whatsapp', '//api', '///api', '/\\api\\whatsapp']) {
      /** @type {string | undefined} */
      let basePath;
      try {
        basePath = normalizeBasePath(given);
      } catch (error) {
        assert.ok(error instanceof TypeError, given);
        continue;
      }
      assert.match(basePath, /api/, `${JSON.stringify(given)} became ${JSON.stringify(basePath)}`);
    }
  });
});
