// GREEN-API's facts as src/protocol/index.js states them, each rule on its own: the URLs the
// element and the relay build, what they accept as an id, a token and an API host, which methods
// they serve and with which verb, and how a token is kept out of text that came from outside.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  API_TOKEN,
  containsSecret,
  DEFAULT_API_URL,
  GREEN_API_DOMAINS,
  ID_INSTANCE,
  INSTANCE_SEGMENT,
  instancePath,
  isGreenApiOrigin,
  isPhoneNumber,
  isScanTimeoutType,
  parseMethodPath,
  PASSKEY_TEXT,
  SCAN_TIMEOUT_TYPES,
  STARTING_MESSAGE,
  STARTING_TEXT,
  NEEDS_LOGOUT_MESSAGE,
  NEEDS_LOGOUT_TEXT,
  whatsAppId,
  withoutPathToken,
  LINKING_METHODS,
  linkingMethod,
  methodUrl,
  normalizeApiUrl,
  relayVerbOf,
  REQUEST_TIMEOUT_MS,
  SCAN_QR_CODE,
  toSocketUrl,
  withoutSecret,
} from '../../src/protocol/index.js';

const TOKEN = 'c0ffee'.repeat(8) + 'ab';
const PARTNER_TOKEN = 'gac.Xy_9-~z';

/**
 * The spec of a method linking needs, failing the test when there is none.
 * @param {string} name
 */
function method(name) {
  const spec = linkingMethod(name);
  assert.ok(spec, `${name} is a linking method`);
  return spec;
}

/**
 * The path segments of an absolute URL, as a server receives them.
 * @param {string} url
 */
function segments(url) {
  return new URL(url).pathname.split('/').slice(1);
}

describe('isGreenApiOrigin', () => {
  test('accepts https: origins of green-api.com, greenapi.com and any host under them, as URL.origin writes them', () => {
    for (const origin of [
      'https://green-api.com',
      'https://greenapi.com',
      'https://api.green-api.com',
      'https://7103.api.greenapi.com',
      'https://api.p03.green-api.com',
      'https://a.b.c.greenapi.com',
    ]) {
      assert.equal(isGreenApiOrigin(origin), true, origin);
    }
  });

  test('refuses look-alike hosts: a GREEN-API domain as a prefix, as part of a label, or with another suffix', () => {
    for (const origin of [
      'https://green-api.com.evil.example',
      'https://greenapi.com.evil.example',
      'https://evilgreen-api.com',
      'https://evilgreenapi.com',
      'https://api-green-api.com',
      'https://green-api.co',
      'https://greenapi.org',
      'https://green-api.com.',
    ]) {
      assert.equal(isGreenApiOrigin(origin), false, origin);
    }
  });

  test('refuses http:, other schemes and any explicit port, the default one included', () => {
    for (const origin of [
      'http://api.green-api.com',
      'wss://api.green-api.com',
      'ftp://api.green-api.com',
      'https://api.green-api.com:8443',
      'https://api.green-api.com:443',
      'http://api.green-api.com:443',
    ]) {
      assert.equal(isGreenApiOrigin(origin), false, origin);
    }
  });

  test('refuses anything that is not exactly an origin: a path, a trailing slash, credentials, a query, a fragment, upper case', () => {
    for (const origin of [
      'https://api.green-api.com/',
      'https://api.green-api.com/waInstance1/qr',
      'https://user:pass@api.green-api.com',
      'https://user@api.green-api.com',
      'https://api.green-api.com?x=1',
      'https://api.green-api.com#x',
      'https://API.GREEN-API.COM',
      ' https://api.green-api.com',
    ]) {
      assert.equal(isGreenApiOrigin(origin), false, origin);
    }
  });

  test('refuses what is no URL, and hosts that are not GREEN-API', () => {
    for (const origin of [
      '',
      'not a url',
      'null',
      'api.green-api.com',
      '//api.green-api.com',
      'https://127.0.0.1',
      'https://169.254.169.254',
      'https://[::1]',
      'https://localhost',
    ]) {
      assert.equal(isGreenApiOrigin(origin), false, origin);
    }
  });

  test('the default API host is a GREEN-API origin, already as normalizeApiUrl writes it', () => {
    assert.equal(isGreenApiOrigin(DEFAULT_API_URL), true);
    assert.equal(normalizeApiUrl(DEFAULT_API_URL), DEFAULT_API_URL);
  });

  test('GREEN_API_DOMAINS cannot be extended at run time', () => {
    assert.throws(() => /** @type {string[]} */ (/** @type {unknown} */ (GREEN_API_DOMAINS)).push('evil.example'), TypeError);
  });
});

describe('ID_INSTANCE', () => {
  test('accepts 1 to 10 ASCII digits, 0 and leading zeros included', () => {
    for (const id of ['0', '7', '1101', '0000000001', '1234567890', '9999999999']) assert.equal(ID_INSTANCE.test(id), true, id);
  });

  test('refuses an empty id, 11 digits or more, and anything but plain digits', () => {
    for (const id of ['', '12345678901', '00000000000', '-1', '+1', '1.0', '1e3', '0x1', ' 1', '1 ', '1\n', '\n1', '1/2', '\uFF11', '\u0661']) {
      assert.equal(ID_INSTANCE.test(id), false, JSON.stringify(id));
    }
  });
});

describe('API_TOKEN', () => {
  test("accepts GREEN-API's 50 hex characters and `gac.` partner tokens: letters, digits and . _ ~ -", () => {
    for (const token of [TOKEN, PARTNER_TOKEN, 'A', 'a-b_c.d~e']) assert.equal(API_TOKEN.test(token), true, token);
  });

  test('refuses an empty token and every character a path segment cannot hold as it is', () => {
    for (const token of ['', 'a/b', 'a?b', 'a#b', 'a%2Fb', 'a b', 'a+b', 'a:b', 'a@b', 'a;b', 'a\\b', 'tok\n', ' tok', 'tok ', 'tok\u00e9', 'a*b']) {
      assert.equal(API_TOKEN.test(token), false, JSON.stringify(token));
    }
  });

  test('a token API_TOKEN accepts goes into the URL as written, as one path segment', () => {
    for (const token of [TOKEN, PARTNER_TOKEN, 'a-b_c.d~e', '...']) {
      const url = methodUrl(DEFAULT_API_URL, '1101', 'qr', token);
      assert.ok(url.endsWith(`/${token}`), url);
      assert.deepEqual(segments(url), ['waInstance1101', 'qr', token]);
    }
  });

  test('a token of only one or two dots is refused: in a path it is a dot segment, and the request would go elsewhere', () => {
    for (const token of ['.', '..']) {
      assert.equal(API_TOKEN.test(token), false, token);
    }
  });
});

describe('normalizeApiUrl', () => {
  test('keeps an absolute http(s) URL as URL writes it, without trailing slashes', () => {
    const cases = {
      'https://api.green-api.com': 'https://api.green-api.com',
      'https://api.green-api.com/': 'https://api.green-api.com',
      'https://api.green-api.com///': 'https://api.green-api.com',
      'http://127.0.0.1:7300/': 'http://127.0.0.1:7300',
      'HTTPS://API.GREEN-API.COM/': 'https://api.green-api.com',
      'https://7103.api.greenapi.com:443/': 'https://7103.api.greenapi.com',
      'http://localhost:80': 'http://localhost',
    };
    for (const [given, normalized] of Object.entries(cases)) assert.equal(normalizeApiUrl(given), normalized, given);
  });

  test('keeps a path prefix, resolved and percent-encoded, without its trailing slashes', () => {
    const cases = {
      'https://example.com/green': 'https://example.com/green',
      'https://example.com/green/api//': 'https://example.com/green/api',
      'https://example.com/a/../green/./api/': 'https://example.com/green/api',
      'https://example.com/my api/': 'https://example.com/my%20api',
      'https://example.com/a%2Fb/': 'https://example.com/a%2Fb',
    };
    for (const [given, normalized] of Object.entries(cases)) assert.equal(normalizeApiUrl(given), normalized, given);
  });

  test('ignores surrounding whitespace', () => {
    for (const given of [' https://api.green-api.com ', '\n\thttps://api.green-api.com/\n', '\u00a0https://api.green-api.com\u00a0']) {
      assert.equal(normalizeApiUrl(given), 'https://api.green-api.com', JSON.stringify(given));
    }
  });

  test('refuses empty or blank text, relative URLs and URLs that do not parse', () => {
    for (const given of ['', '   ', '/api', 'api.green-api.com', '//api.green-api.com', 'https://', 'https://api.green-api.com:99999', 'http://[::1']) {
      assert.equal(normalizeApiUrl(given), undefined, JSON.stringify(given));
    }
  });

  test('refuses every scheme but http: and https:', () => {
    for (const given of [
      'ws://api.green-api.com',
      'wss://api.green-api.com',
      'ftp://api.green-api.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/plain,x',
      'blob:https://api.green-api.com/1',
    ]) {
      assert.equal(normalizeApiUrl(given), undefined, given);
    }
  });

  test('refuses credentials, a query and a fragment', () => {
    for (const given of [
      'https://user@api.green-api.com',
      'https://user:pass@api.green-api.com',
      'https://:pass@api.green-api.com',
      'https://api.green-api.com/?x=1',
      'https://api.green-api.com/path?token=1',
      'https://api.green-api.com/#x',
      'https://api.green-api.com/path#frag',
    ]) {
      assert.equal(normalizeApiUrl(given), undefined, given);
    }
  });

  test('an empty query or fragment is refused too: the method path would land in it, not in the path', () => {
    for (const given of ['https://api.green-api.com?', 'https://api.green-api.com/#', 'https://example.com/green/?']) {
      assert.equal(normalizeApiUrl(given), undefined, given);
    }
  });
});

describe('instancePath and INSTANCE_SEGMENT', () => {
  test('instancePath is /waInstance{idInstance}/{method}', () => {
    assert.equal(instancePath('1101', 'qr'), '/waInstance1101/qr');
    assert.equal(instancePath('1234567890', 'getStateInstance'), '/waInstance1234567890/getStateInstance');
  });

  test("INSTANCE_SEGMENT's group is whatever follows `waInstance`, for ID_INSTANCE to judge", () => {
    /** @param {string} segment */
    const id = (segment) => INSTANCE_SEGMENT.exec(segment)?.[1];
    assert.equal(id('waInstance1101'), '1101');
    assert.equal(id('waInstance'), '');
    assert.equal(id('waInstance12x'), '12x');
    assert.equal(id('waInstance1\n2'), '1\n2', 'a line break does not end the match');
    assert.equal(ID_INSTANCE.test(id('waInstance1\n2') ?? ''), false);
  });

  test('INSTANCE_SEGMENT matches only a whole segment that starts with `waInstance`, spelt exactly', () => {
    for (const segment of ['WaInstance1', 'wainstance1', 'WAINSTANCE1', 'xwaInstance1', ' waInstance1', 'waInstanc1', '']) {
      assert.equal(INSTANCE_SEGMENT.exec(segment), null, JSON.stringify(segment));
    }
  });

  test('what instancePath writes, INSTANCE_SEGMENT reads back', () => {
    const [, segment, name] = instancePath('1101', 'qr').split('/');
    assert.equal(INSTANCE_SEGMENT.exec(segment)?.[1], '1101');
    assert.equal(name, 'qr');
  });
});

describe('methodUrl', () => {
  test('is {apiUrl}/waInstance{idInstance}/{method}/{apiTokenInstance}', () => {
    assert.equal(methodUrl('https://api.green-api.com', '1101', 'qr', TOKEN), `https://api.green-api.com/waInstance1101/qr/${TOKEN}`);
    assert.equal(
      methodUrl('http://127.0.0.1:7300', '1234567890', 'getAuthorizationCode', PARTNER_TOKEN),
      `http://127.0.0.1:7300/waInstance1234567890/getAuthorizationCode/${PARTNER_TOKEN}`,
    );
  });

  test("keeps the apiUrl's path prefix in front of the instance path", () => {
    const url = methodUrl('https://example.com/green/api', '1101', 'getStateInstance', TOKEN);
    assert.deepEqual(segments(url), ['green', 'api', 'waInstance1101', 'getStateInstance', TOKEN]);
  });

  test('with an apiUrl from normalizeApiUrl, trailing slashes never double a slash', () => {
    const apiUrl = normalizeApiUrl('https://api.green-api.com//');
    assert.ok(apiUrl);
    assert.equal(methodUrl(apiUrl, '1101', 'qr', TOKEN), `https://api.green-api.com/waInstance1101/qr/${TOKEN}`);
  });

  test('percent-encodes a token with characters a path cannot hold, so that it stays the last segment and adds no query or fragment', () => {
    const token = 'a/b?c#d%e f';
    const url = new URL(methodUrl('https://api.green-api.com', '1101', 'qr', token));
    assert.equal(url.pathname, '/waInstance1101/qr/a%2Fb%3Fc%23d%25e%20f');
    assert.equal(url.search, '');
    assert.equal(url.hash, '');
    assert.equal(decodeURIComponent(url.pathname.split('/').at(-1) ?? ''), token);
  });
});

describe('toSocketUrl', () => {
  test('turns http: into ws: and https: into wss:, and keeps the rest of the URL', () => {
    assert.equal(toSocketUrl(`http://127.0.0.1:7300/waInstance1101/scanqrcode/${TOKEN}`), `ws://127.0.0.1:7300/waInstance1101/scanqrcode/${TOKEN}`);
    assert.equal(toSocketUrl(`https://api.green-api.com/waInstance1101/scanqrcode/${TOKEN}`), `wss://api.green-api.com/waInstance1101/scanqrcode/${TOKEN}`);
  });

  test('changes only the scheme: `http` further on in the URL is left alone', () => {
    assert.equal(toSocketUrl('https://example.com/http/https'), 'wss://example.com/http/https');
  });

  test('leaves a URL of another scheme as it is', () => {
    for (const url of ['ws://example.com', 'wss://example.com', 'ftp://example.com']) assert.equal(toSocketUrl(url), url);
  });
});

describe('the methods linking needs', () => {
  test("linkingMethod knows exactly the five methods the element uses, with GREEN-API's verbs", () => {
    assert.deepEqual(
      LINKING_METHODS.map(({ name }) => [name, method(name).verb]),
      [
        ['qr', 'GET'],
        ['getStateInstance', 'GET'],
        ['getWaSettings', 'GET'],
        ['logout', 'GET'],
        ['getAuthorizationCode', 'POST'],
      ],
    );
  });

  test('linkingMethod takes the exact spelling only, and knows nothing else', () => {
    for (const name of [
      'QR',
      'Qr',
      ' qr',
      'qr ',
      'qr/',
      'getstateinstance',
      'Logout',
      'scanqrcode',
      'sendMessage',
      'reboot',
      'setSettings',
      '',
      'toString',
      'constructor',
      '__proto__',
      'hasOwnProperty',
    ]) {
      assert.equal(linkingMethod(name), undefined, JSON.stringify(name));
    }
  });

  test('an action (changes the instance) is POST at the relay, whatever its verb at GREEN-API: no GET can change state through it', () => {
    assert.deepEqual(
      LINKING_METHODS.filter((spec) => spec.action).map((spec) => spec.name),
      ['logout', 'getAuthorizationCode'],
    );
    for (const spec of LINKING_METHODS.filter(({ action }) => action)) assert.equal(relayVerbOf(spec), 'POST', spec.name);
  });

  test("a read is taken by the relay with GREEN-API's own verb", () => {
    for (const spec of LINKING_METHODS.filter(({ action }) => !action)) assert.equal(relayVerbOf(spec), spec.verb, spec.name);
  });

  test('logout is POST at the relay and GET at GREEN-API', () => {
    assert.equal(relayVerbOf(method('logout')), 'POST');
    assert.equal(method('logout').verb, 'GET');
  });

  test('relayVerbOf takes a relayVerb over the verb, and the verb where there is none', () => {
    assert.equal(relayVerbOf({ name: 'qr', verb: 'GET', relayVerb: 'POST', perSecond: 1, gapMs: 1050, action: false }), 'POST');
    assert.equal(relayVerbOf({ name: 'getAuthorizationCode', verb: 'POST', perSecond: 1, gapMs: 1050, action: true }), 'POST');
    assert.equal(relayVerbOf({ name: 'qr', verb: 'GET', perSecond: 1, gapMs: 1050, action: false }), 'GET');
  });

  test("every method's gap keeps it strictly under GREEN-API's per-second limit, the scanqrcode socket included", () => {
    for (const spec of [...LINKING_METHODS, SCAN_QR_CODE]) {
      assert.ok(spec.perSecond > 0, spec.name);
      assert.ok(spec.gapMs > 1000 / spec.perSecond, `${spec.name}: ${spec.gapMs} ms for ${spec.perSecond}/s`);
    }
  });

  test('pairing codes are asked at most once per 10 s per instance', () => {
    assert.ok(method('getAuthorizationCode').gapMs >= 10_000);
  });

  test('scanqrcode is a socket, not one of the HTTP methods', () => {
    assert.equal(SCAN_QR_CODE.name, 'scanqrcode');
    assert.equal(linkingMethod(SCAN_QR_CODE.name), undefined);
  });

  test('a request waits longer than the 60 s the qr method can take to answer', () => {
    assert.ok(REQUEST_TIMEOUT_MS > 60_000);
  });
});

describe('keeping the token out of outside text', () => {
  test('containsSecret finds the token as given, anywhere in the text', () => {
    assert.equal(containsSecret(TOKEN, TOKEN), true);
    assert.equal(containsSecret(`GET /waInstance1101/qr/${TOKEN} 404`, TOKEN), true);
    assert.equal(containsSecret(`${TOKEN}\n`, TOKEN), true);
  });

  test('containsSecret finds the percent-encoded form of a token with characters a URL encodes', () => {
    assert.equal(containsSecret('Not found: /waInstance1101/qr/a%2Fb%20c', 'a/b c'), true);
    assert.equal(containsSecret('a/b c', 'a/b c'), true);
  });

  test('containsSecret does not find the token in text without it, part of it, or another case of it', () => {
    assert.equal(containsSecret('{"type":"qrCode"}', TOKEN), false);
    assert.equal(containsSecret(TOKEN.slice(0, -1), TOKEN), false);
    assert.equal(containsSecret(TOKEN.toUpperCase(), TOKEN), false);
    assert.equal(containsSecret('', TOKEN), false);
  });

  test('an empty token is in no text, not even the empty one', () => {
    assert.equal(containsSecret('anything', ''), false);
    assert.equal(containsSecret('', ''), false);
  });

  test('withoutSecret replaces every occurrence of the token with ***', () => {
    assert.equal(withoutSecret(`a ${TOKEN} b ${TOKEN}${TOKEN}`, TOKEN), 'a *** b ******');
  });

  test('withoutSecret replaces the percent-encoded form too, and leaves what is not the token', () => {
    assert.equal(withoutSecret('raw a/b c, encoded a%2Fb%20c, other a%2Fb', 'a/b c'), 'raw ***, encoded ***, other a%2Fb');
  });

  test('withoutSecret leaves text without the token, and any text when the token is empty, unchanged', () => {
    assert.equal(withoutSecret('{"type":"qrCode","message":"iVBOR"}', TOKEN), '{"type":"qrCode","message":"iVBOR"}');
    assert.equal(withoutSecret('every character stays', ''), 'every character stays');
    assert.equal(withoutSecret('', TOKEN), '');
  });

  test('what withoutSecret leaves holds no form of the token, even where occurrences overlap', () => {
    for (const [text, secret] of [
      ['aaaaa', 'aa'],
      ['abababa', 'aba'],
      ['x a%2Fa/a%2F', 'a/'],
    ]) {
      const clean = withoutSecret(text, secret);
      assert.equal(containsSecret(clean, secret), false, `${text} → ${clean}`);
    }
  });

  test(
    'a token with characters encodeURIComponent cannot encode (a lone surrogate) is an answer, not a throw',
    {
      todo: "containsSecret('x', '\\uD800') and withoutSecret('x', '\\uD800') throw URIError: URI malformed (from encodeURIComponent). Latent: the relay checks tokens with API_TOKEN, and the element with checkCredentials, before these run",
    },
    () => {
      assert.equal(containsSecret('x', '\uD800'), false);
      assert.equal(withoutSecret('x \uD800', '\uD800'), 'x ***');
    },
  );
});

describe('isPhoneNumber (the one phone rule of element, relay and emulator)', () => {
  test('takes 7 to 15 digits starting with a country code, as a JSON number', () => {
    for (const number of [1234567, 441234567890, 123456789012345]) assert.equal(isPhoneNumber(number), true, String(number));
  });

  test('refuses fewer than 7 or more than 15 digits, fractions, negatives, unsafe integers and anything not a number', () => {
    for (const value of [
      0,
      12,
      123456,
      1234567890123456,
      -441234567890,
      4412345678.5,
      Number.MAX_SAFE_INTEGER + 2,
      NaN,
      Infinity,
      '441234567890',
      null,
      undefined,
      [441234567890],
      {},
    ]) {
      assert.equal(isPhoneNumber(value), false, String(value));
    }
  });
});

describe('parseMethodPath and withoutPathToken (what an API host reads)', () => {
  test('reads the three segments of a method path exactly', () => {
    assert.deepEqual(parseMethodPath(`/waInstance1101/qr/${TOKEN}`), { idInstance: '1101', method: 'qr', apiTokenInstance: TOKEN });
  });

  test('refuses a path with a segment more or less, an empty segment or another prefix', () => {
    for (const path of [
      '/waInstance1101/qr',
      `/waInstance1101/qr/${TOKEN}/x`,
      `/waInstance/qr/${TOKEN}`,
      `/waInstance1101//${TOKEN}`,
      `/api/waInstance1101/qr/${TOKEN}`,
      `waInstance1101/qr/${TOKEN}`,
    ]) {
      assert.equal(parseMethodPath(path), undefined, path);
    }
  });

  test('a logged path keeps the id and the method but never the token, however many slashes', () => {
    assert.equal(withoutPathToken(`/waInstance1101/qr/${TOKEN}`), '/waInstance1101/qr/***');
    assert.equal(withoutPathToken(`//waInstance1101//qr//${TOKEN}`), '//waInstance1101//qr//***');
    assert.equal(withoutPathToken('/other/path'), '/other/path');
  });
});

describe('frames and answer texts', () => {
  test('both spellings of the scan-timeout frame, and nothing else, are scan timeouts', () => {
    assert.deepEqual([...SCAN_TIMEOUT_TYPES].sort(), ['timeout', 'timeoutExpired']);
    for (const type of SCAN_TIMEOUT_TYPES) assert.equal(isScanTimeoutType(type), true);
    for (const value of ['Timeout', 'timeoutexpired', 'qrCode', '', undefined, 1]) assert.equal(isScanTimeoutType(value), false, String(value));
  });

  test('each text GREEN-API writes is recognised by its pattern', () => {
    assert.match(STARTING_MESSAGE, STARTING_TEXT);
    assert.match(NEEDS_LOGOUT_MESSAGE, NEEDS_LOGOUT_TEXT);
  });

  test('a passkey is recognised however a gateway spells it, and a plain error is not', () => {
    for (const text of ['passkeyRequired', 'Create a passkey to link devices', 'PASS-KEY needed', 'a pass key is required']) assert.match(text, PASSKEY_TEXT);
    for (const text of ['password required', 'Instance has auth', 'bypass keyboard']) assert.doesNotMatch(text, PASSKEY_TEXT);
  });

  test('a WhatsApp id is the number at c.us', () => {
    assert.equal(whatsAppId('441234567890'), '441234567890@c.us');
  });
});
