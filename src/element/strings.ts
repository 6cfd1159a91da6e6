import type { GreenApiQrStringOverrides, GreenApiQrStrings } from './public-types.js';

const en: GreenApiQrStrings = {
  idle: 'The QR code appears once the instance is set.',
  waitingFor: 'Waiting for {names} to be set.',
  stopped: 'The QR code is stopped.',
  show: 'Show QR code',
  loading: 'Getting the QR code from WhatsApp…',
  loadingSlow: 'This can take a few minutes: the first code may take up to 10.',
  elapsed: 'Waiting {time}',
  qrAlt: 'QR code to link WhatsApp',
  scanTitle: 'Scan with WhatsApp',
  scanSteps: 'On your phone open WhatsApp → Settings → Linked devices → Link a device, and point the camera at this code.',
  authorized: 'WhatsApp is connected.',
  expired: 'The QR code has expired.',
  reload: 'Reload QR code',
  tryAgain: 'Try again',
  retrying: 'Retrying in {seconds} s…',
  pausedHidden: 'Paused while the page is hidden.',
  pausedOffline: 'You are offline. Waiting for the connection…',
  checking: 'Checking the WhatsApp instance…',
  settling: 'This takes up to 5 minutes.',
  startingLong: 'It has taken over 5 minutes: reboot the instance in the GREEN-API console.',
  loadingAccount: 'Linked. Getting the account details…',
  connectedAs: 'Connected as {account}.',
  yellowCard: 'Sending is restricted for spam (yellow card): messages wait in a queue. Reboot the instance to go on.',
  loggingOut: 'Logging out the old session…',
  logout: 'Log out and get a new QR code',
  phoneTitle: 'Link with your phone number',
  phoneLabel: 'WhatsApp number with country code',
  phonePlaceholder: '+44 7700 900123',
  getCode: 'Get code',
  useQr: 'Use a QR code instead',
  changeNumber: 'Use another number',
  loadingCode: 'Getting a code for your number…',
  codeTitle: 'Enter this code in WhatsApp',
  codeSteps: 'On your phone open WhatsApp → Settings → Linked devices → Link a device → Link with phone number instead, and type this code.',
  codeValid: 'Valid for {time}',
  copy: 'Copy code',
  copied: 'Copied',
  copyFailed: 'Select the code to copy it',
  codeExpired: 'The code has expired.',
  newCode: 'Get a new code',
  states: {
    sleepMode: 'The phone is off or offline (sleep mode). It reconnects within 5 minutes of going online.',
    suspended: 'The instance is suspended. Check its plan in the GREEN-API console.',
    pendingCode: 'The instance is waiting for an authorization code.',
    creating: 'The instance is still being created…',
    starting: 'The instance is starting…',
    unknown: 'The instance is in the state "{state}".',
  },
  errors: {
    config: 'The QR code cannot be requested: the instance settings are missing or invalid.',
    unauthorized: 'The API token was rejected. Check apiTokenInstance.',
    forbidden: 'This instance was not found. Check idInstance and the API URL.',
    'not-allowed': 'This account may not link this WhatsApp instance.',
    'rate-limited': 'Too many requests. Slowing down.',
    quota: 'The instance has used up its quota. Check the GREEN-API plan.',
    starting: 'The instance is starting.',
    server: 'GREEN-API is having trouble.',
    network: 'Cannot reach GREEN-API.',
    'bad-response': 'GREEN-API sent an unexpected answer.',
    'needs-logout': 'The instance holds an old session: log it out to get a new QR code.',
    blocked: 'This WhatsApp account is banned, so the instance cannot be linked.',
    'instance-state': 'The instance cannot be linked right now.',
    'pairing-failed': 'Could not get a code. Try again later or scan a QR code.',
    'passkey-required': 'WhatsApp wants a passkey before it links this device. Finish the passkey step on your phone, then try again.',
    api: 'GREEN-API reported an error.',
    internal: 'Something went wrong.',
  },
};

/** English is built in; other languages are chunks of their own, so that a page pays only for the one it speaks. */
const catalogs: Record<string, GreenApiQrStrings | Promise<GreenApiQrStrings>> = { en };
const catalogChunks: Record<string, () => Promise<GreenApiQrStrings>> = {
  ru: () => import('./strings-ru.js').then(({ ru }) => ru),
};

function languageOf(lang: string | undefined): string {
  return (lang ?? '').toLowerCase().split('-')[0];
}

/** Settles once the catalog for a BCP 47 tag is there (at once for English and unknown tags); one that cannot be loaded falls back to English. */
export function loadStrings(lang: string | undefined): Promise<GreenApiQrStrings> {
  const language = languageOf(lang);
  const known = catalogs[language];
  if (known) return Promise.resolve(known);
  const chunk = catalogChunks[language];
  if (!chunk) return Promise.resolve(en);
  const loading = chunk().catch(() => en);
  catalogs[language] = loading;
  void loading.then((catalog) => (catalogs[language] = catalog));
  return loading;
}

/** False while the catalog for `lang` is still loading: resolveStrings would give English meanwhile. */
export function stringsReady(lang: string | undefined): boolean {
  const language = languageOf(lang);
  const loaded = catalogs[language];
  return loaded ? !(loaded instanceof Promise) : !(language in catalogChunks);
}

/** The catalog for a BCP 47 tag (`ru-RU` → Russian; unknown, or not loaded yet → English), with the page's overrides on top. */
export function resolveStrings(lang: string | undefined, overrides: GreenApiQrStringOverrides = {}): GreenApiQrStrings {
  const loaded = catalogs[languageOf(lang)];
  const base = !loaded || loaded instanceof Promise ? en : loaded;
  return { ...base, ...overrides, errors: { ...base.errors, ...overrides.errors }, states: { ...base.states, ...overrides.states } };
}

/** Fills `{name}` placeholders; unknown names are left visible so a typo in an override shows up. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
