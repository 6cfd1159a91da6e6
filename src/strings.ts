import type { GreenApiQrErrorCode } from './events.js';

/**
 * Every text the element shows. Pages override any of them through the `strings` property;
 * `{name}` placeholders are filled in by the element.
 */
export interface GreenApiQrStrings {
  idle: string;
  /** Idle with credentials, after `stop()`. */
  stopped: string;
  show: string;
  loading: string;
  /** Shown once loading has taken a while: the first code can take minutes. */
  loadingSlow: string;
  /** `{time}`: elapsed time as m:ss. */
  elapsed: string;
  qrAlt: string;
  scanTitle: string;
  scanSteps: string;
  authorized: string;
  expired: string;
  reload: string;
  tryAgain: string;
  /** `{seconds}`: time to the next attempt. */
  retrying: string;
  pausedHidden: string;
  pausedOffline: string;
  errors: Record<GreenApiQrErrorCode, string>;
}

export type GreenApiQrStringOverrides = Partial<Omit<GreenApiQrStrings, 'errors'>> & {
  errors?: Partial<Record<GreenApiQrErrorCode, string>>;
};

const en: GreenApiQrStrings = {
  idle: 'Set id-instance and api-token-instance to show the QR code.',
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
  errors: {
    config: 'The QR code cannot be requested: the instance settings are missing or invalid.',
    unauthorized: 'The API token was rejected. Check apiTokenInstance.',
    forbidden: 'This instance was not found. Check idInstance and the API URL.',
    'rate-limited': 'Too many requests. Slowing down.',
    quota: 'The instance has used up its quota. Check the GREEN-API plan.',
    starting: 'The instance is starting.',
    server: 'GREEN-API is having trouble.',
    network: 'Cannot reach GREEN-API.',
    'bad-response': 'GREEN-API sent an unexpected answer.',
    'needs-logout': 'The instance holds an old session. Log it out in the GREEN-API console, then try again.',
    api: 'GREEN-API reported an error.',
  },
};

const ru: GreenApiQrStrings = {
  idle: 'Укажите id-instance и api-token-instance, чтобы показать QR-код.',
  stopped: 'Показ QR-кода остановлен.',
  show: 'Показать QR-код',
  loading: 'Получаем QR-код от WhatsApp…',
  loadingSlow: 'Это может занять несколько минут: первый код иногда готовится до 10 минут.',
  elapsed: 'Ожидание {time}',
  qrAlt: 'QR-код для привязки WhatsApp',
  scanTitle: 'Отсканируйте в WhatsApp',
  scanSteps: 'На телефоне откройте WhatsApp → Настройки → Связанные устройства → Привязка устройства и наведите камеру на этот код.',
  authorized: 'WhatsApp подключён.',
  expired: 'Срок действия QR-кода истёк.',
  reload: 'Обновить QR-код',
  tryAgain: 'Повторить',
  retrying: 'Повтор через {seconds} с…',
  pausedHidden: 'Пауза, пока страница скрыта.',
  pausedOffline: 'Нет подключения к интернету. Ждём связь…',
  errors: {
    config: 'QR-код нельзя запросить: параметры инстанса не заданы или неверны.',
    unauthorized: 'API-токен отклонён. Проверьте apiTokenInstance.',
    forbidden: 'Инстанс не найден. Проверьте idInstance и адрес API.',
    'rate-limited': 'Слишком много запросов. Снижаем частоту.',
    quota: 'Квота инстанса исчерпана. Проверьте тариф GREEN-API.',
    starting: 'Инстанс запускается.',
    server: 'У GREEN-API неполадки.',
    network: 'Нет связи с GREEN-API.',
    'bad-response': 'GREEN-API прислал неожиданный ответ.',
    'needs-logout': 'В инстансе осталась старая сессия. Выполните выход (logout) в консоли GREEN-API и повторите.',
    api: 'GREEN-API сообщил об ошибке.',
  },
};

const catalogs: Record<string, GreenApiQrStrings> = { en, ru };

/** The catalog for a BCP 47 tag (`ru-RU` → Russian; unknown → English), with the page's overrides on top. */
export function resolveStrings(lang: string | undefined, overrides: GreenApiQrStringOverrides = {}): GreenApiQrStrings {
  const base = catalogs[(lang ?? '').toLowerCase().split('-')[0]] ?? en;
  return { ...base, ...overrides, errors: { ...base.errors, ...overrides.errors } };
}

/** Fills `{name}` placeholders; unknown names are left visible so a typo in an override shows up. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
