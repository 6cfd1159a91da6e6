// The demo page's own script: plain browser JavaScript, no build step, no inline code (the page
// is served with a strict Content-Security-Policy). It points <greenapi-qr> at the local
// emulator, drives the emulator's control API (/_emulator/…) and logs what the element reports.
'use strict';

(() => {
  /** @param {string} id */
  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

  /**
   * @typedef {HTMLElement & {
   *   apiUrl: string, idInstance: string, apiTokenInstance: string, proxyUrl: string, status: string,
   *   transport: string, method: string, phoneNumber: string,
   *   readonly activeTransport: string | null, readonly stateInstance: string | null | undefined,
   *   refresh(): void, stop(): void, logout(): Promise<void>
   * }} GreenApiQrElement
   */
  const qr = /** @type {GreenApiQrElement} */ ($('qr'));
  const logList = $('log');
  const statusPill = $('status-pill');
  const connection = $('connection');
  const emulatorState = $('emulator-state');
  const emulatorControls = /** @type {HTMLFieldSetElement} */ ($('emulator-controls'));
  const emulatorNote = $('emulator-note');
  const activeFaults = $('active-faults');
  const realForm = /** @type {HTMLFormElement} */ ($('real-form'));
  const activeTransportOut = $('active-transport');
  const stateInstanceOut = $('state-instance');
  const phoneForm = /** @type {HTMLFormElement} */ ($('phone-form'));
  const phoneNote = $('phone-note');

  const MAX_LOG_ENTRIES = 200;
  const STATE_POLL_MS = 1000;
  /** Avatars are data: URLs of several kilobytes: the log shows their start only. */
  const AVATAR_SHOWN_CHARS = 40;

  /**
   * "Through your backend" (?connection=backend): the page gets the relay's route and the id, and
   * a session cookie, never the token (demo/backend.mjs).
   */
  const throughBackend = new URLSearchParams(location.search).get('connection') === 'backend';

  /** @typedef {{ apiUrl: string, idInstance: string, apiTokenInstance?: string, proxyUrl?: string }} Target */
  /** @type {Target | null} */
  let config = null;
  /** 'emulator' while the element talks to the local emulator, 'real' after the form was used. */
  let mode = 'emulator';

  // ---------------------------------------------------------------- event log

  /** @param {Date} date */
  function clock(date) {
    const pad = (/** @type {number} */ n, width = 2) => String(n).padStart(width, '0');
    return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
  }

  /**
   * Adds a line to the log, newest first. Built with textContent only: event details are data.
   * @param {'status' | 'authorized' | 'error' | 'demo'} type
   * @param {string} text
   */
  function log(type, text) {
    const now = new Date();
    const item = document.createElement('li');
    item.className = `entry entry-${type}`;
    item.dataset.type = type;
    const time = document.createElement('time');
    time.dateTime = now.toISOString();
    time.textContent = clock(now);
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = type;
    const detail = document.createElement('code');
    detail.className = 'detail';
    detail.textContent = withoutToken(text);
    item.append(time, badge, detail);
    logList.prepend(item);
    while (logList.children.length > MAX_LOG_ENTRIES) logList.lastElementChild?.remove();
  }

  /**
   * Belt and braces: no event detail holds the token, but nothing the log shows ever may.
   * @param {string} text
   */
  function withoutToken(text) {
    const token = qr.apiTokenInstance;
    return token ? text.split(token).join('***') : text;
  }

  /**
   * The authorized detail for the log: every field, the avatar shortened.
   * @param {Record<string, unknown>} detail
   */
  function describeAuthorized(detail) {
    const shown = { ...detail };
    if (typeof shown.avatar === 'string' && shown.avatar.length > AVATAR_SHOWN_CHARS) {
      shown.avatar = `${shown.avatar.slice(0, AVATAR_SHOWN_CHARS)}… (${shown.avatar.length} characters)`;
    }
    return JSON.stringify(shown);
  }

  $('clear-log').addEventListener('click', () => logList.replaceChildren());

  qr.addEventListener('authorized', (event) => log('authorized', describeAuthorized(/** @type {CustomEvent} */ (event).detail)));
  // `error` does not bubble: listen on the element itself.
  qr.addEventListener('error', (event) => log('error', JSON.stringify(/** @type {CustomEvent} */ (/** @type {unknown} */ (event)).detail)));

  // statuschange says when the status, the transport or the instance's state changed; like
  // `error` it does not bubble, so listen on the element.
  let lastStatus = qr.status ?? 'idle';
  showStatus(lastStatus);
  log('status', lastStatus);
  showLiveProperties(qr);
  qr.addEventListener('statuschange', (event) => {
    const detail = /** @type {CustomEvent<{ status: string, activeTransport: string | null, stateInstance?: string | null }>} */ (event).detail;
    showLiveProperties(detail);
    if (detail.status === lastStatus) return;
    log('status', `${lastStatus} → ${detail.status}`);
    lastStatus = detail.status;
    showStatus(detail.status);
  });

  /** @param {string} status */
  function showStatus(status) {
    statusPill.textContent = status;
    statusPill.dataset.status = status;
  }

  /** @param {{ activeTransport: string | null, stateInstance?: string | null }} live */
  function showLiveProperties({ activeTransport, stateInstance }) {
    activeTransportOut.textContent = activeTransport ?? 'none';
    stateInstanceOut.textContent = stateInstance === undefined ? 'not asked yet' : stateInstance === null ? 'null (being created)' : String(stateInstance);
  }

  // ---------------------------------------------------------------- element controls

  $('restart').addEventListener('click', () => qr.refresh());
  $('stop').addEventListener('click', () => qr.stop());

  const logoutButton = /** @type {HTMLButtonElement} */ ($('logout'));
  logoutButton.addEventListener('click', async () => {
    // On the real GREEN-API this unlinks a real phone: ask first.
    if (mode === 'real' && !window.confirm(`Log out the WhatsApp account linked to instance ${qr.idInstance}? The phone will have to link again.`)) return;
    logoutButton.disabled = true;
    log('demo', 'calling logout()');
    try {
      await qr.logout(); // never rejects: failures arrive as `error` events
      log('demo', `logout() settled; the element is ${qr.status}`);
    } finally {
      logoutButton.disabled = false;
    }
  });

  /**
   * Wires a segmented radio group to one of the element's properties.
   * @param {string} name the radios' name
   * @param {(value: string) => void} apply
   */
  function onChoice(name, apply) {
    for (const radio of document.querySelectorAll(`input[name="${name}"]`)) {
      radio.addEventListener('change', (event) => {
        const input = /** @type {HTMLInputElement} */ (event.target);
        if (input.checked) apply(input.value);
      });
    }
  }

  onChoice('transport', (value) => {
    qr.transport = value;
    log('demo', `transport = "${value}"`);
  });
  onChoice('method', (value) => {
    qr.method = value;
    log('demo', `method = "${value}"`);
    showPhoneSetting();
  });

  function showPhoneSetting() {
    const phone = qr.method === 'phone';
    phoneForm.hidden = !phone;
    phoneNote.hidden = !phone;
  }

  // "Use a QR code instead" in the element sets method="qr" itself: keep the radios in step.
  new MutationObserver(() => {
    const radio = /** @type {HTMLInputElement | null} */ (document.querySelector(`input[name="method"][value="${qr.method}"]`));
    if (radio && !radio.checked) {
      radio.checked = true;
      showPhoneSetting();
    }
  }).observe(qr, { attributes: true, attributeFilter: ['method'] });

  phoneForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = String(new FormData(phoneForm).get('phoneNumber') ?? '').trim();
    qr.phoneNumber = value;
    log('demo', value ? `phoneNumber = "${value}"` : 'phoneNumber cleared: the element asks for the number');
  });

  for (const radio of document.querySelectorAll('#language input[name="lang"]')) {
    radio.addEventListener('change', (event) => {
      const input = /** @type {HTMLInputElement} */ (event.target);
      if (input.checked) qr.setAttribute('lang', input.value);
    });
  }

  /**
   * Points the element at an API. Properties only: the token never becomes an attribute.
   * @param {Target} target
   */
  function connect(target) {
    const token = target.apiTokenInstance ?? '';
    const proxyUrl = target.proxyUrl ?? '';
    const same = qr.apiUrl === target.apiUrl && qr.idInstance === target.idInstance && qr.apiTokenInstance === token && qr.proxyUrl === proxyUrl;
    qr.apiUrl = target.apiUrl;
    qr.idInstance = target.idInstance;
    qr.apiTokenInstance = token;
    qr.proxyUrl = proxyUrl;
    // New values restart the element by themselves; the same values again mean "start over".
    if (same) qr.refresh();
  }

  function useEmulator() {
    if (!config) return;
    mode = 'emulator';
    emulatorControls.disabled = false;
    emulatorNote.hidden = true;
    connection.textContent = config.proxyUrl
      ? `Through this site's backend at ${config.proxyUrl} (greenapi-qr/server in front of the emulator), instance ${config.idInstance}: this page holds no token.`
      : `Using the local emulator at ${config.apiUrl}, instance ${config.idInstance}.`;
    connect(config);
    void refreshEmulatorState();
  }

  realForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!realForm.reportValidity()) return;
    const data = new FormData(realForm);
    const target = {
      apiUrl: String(data.get('apiUrl') ?? '').trim(),
      idInstance: String(data.get('idInstance') ?? '').trim(),
      apiTokenInstance: String(data.get('apiTokenInstance') ?? '').trim(),
    };
    mode = 'real';
    emulatorControls.disabled = true;
    emulatorNote.hidden = false;
    emulatorState.textContent = 'not in use';
    connection.textContent = `Using ${target.apiUrl}, instance ${target.idInstance}.`;
    log('demo', `now using ${target.apiUrl}, instance ${target.idInstance}`);
    connect(target);
  });

  $('back-to-emulator').addEventListener('click', () => {
    if (mode === 'emulator') return;
    log('demo', 'back to the local emulator');
    useEmulator();
  });

  // ---------------------------------------------------------------- emulator control API

  /**
   * Calls the emulator's control API for the demo instance.
   * @param {'GET' | 'POST' | 'DELETE'} method
   * @param {string} path after /_emulator/instances/{id}
   * @param {object} [body]
   */
  async function control(method, path, body) {
    if (!config) throw new Error('the demo configuration has not loaded');
    const response = await fetch(`${config.apiUrl}/_emulator/instances/${config.idInstance}${path}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : undefined,
      body: body ? JSON.stringify(body) : undefined,
      cache: 'no-store',
    });
    const value = await response.json().catch(() => null);
    if (!response.ok) throw new Error(value && value.error ? value.error : `HTTP ${response.status}`);
    return value;
  }

  /**
   * Wires a button to an emulator action and logs what was done; failures go to the log too.
   * @param {string} id
   * @param {string} label what the log says, unless the action returns a more precise text
   * @param {() => Promise<unknown>} action
   */
  function onButton(id, label, action) {
    const button = /** @type {HTMLButtonElement} */ ($(id));
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const said = await action();
        log('demo', typeof said === 'string' ? said : label);
      } catch (error) {
        log('demo', `${label} failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        button.disabled = false;
        void refreshEmulatorState();
      }
    });
  }

  /** @param {Record<string, unknown>} fault */
  async function addFault(fault) {
    const times = /** @type {HTMLSelectElement} */ ($('fault-times')).value;
    const faults = await control('POST', '/faults', times ? { ...fault, times: Number(times) } : fault);
    renderFaults(faults);
    // A stopped element sends no requests, so a new fault would show nothing until a restart.
    if (qr.status === 'authorized' || qr.status === 'expired' || qr.status === 'idle' || qr.status === 'error') {
      setTimeout(() => log('demo', `the element is ${qr.status} and not polling: press Restart to see the fault`));
    }
  }

  /** @param {string} id */
  const valueOf = (id) => /** @type {HTMLInputElement | HTMLSelectElement} */ ($(id)).value;
  const timesLabel = () => /** @type {HTMLSelectElement} */ ($('fault-times')).selectedOptions[0]?.textContent ?? '';

  onButton('scan', 'simulated a scan', () => control('POST', '/scan'));
  onButton('rotate', 'rotated the QR code', () => control('POST', '/rotate'));
  onButton('apply-status', 'adding a fault', async () => {
    await addFault({ status: Number(valueOf('fault-status')) });
    return `fault: HTTP ${valueOf('fault-status')} on ${timesLabel()}`;
  });
  onButton('apply-latency', 'adding a fault', async () => {
    const latencyMs = Math.max(0, Number(valueOf('fault-latency')) || 0);
    await addFault({ latencyMs });
    return `fault: answers delayed by ${latencyMs} ms on ${timesLabel()}`;
  });
  onButton('apply-preset', 'adding a fault', async () => {
    await addFault({ preset: valueOf('fault-preset') });
    return `fault: malformed answer "${valueOf('fault-preset')}" on ${timesLabel()}`;
  });
  onButton('apply-hang', 'adding a fault', async () => {
    await addFault({ hang: true });
    return `fault: no answer at all on ${timesLabel()} (the element gives up after 70 s)`;
  });
  onButton('clear-faults', 'cleared the faults', async () => renderFaults(await control('DELETE', '/faults')));
  onButton('reset', 'reset the instance and restarted the element', async () => {
    await control('POST', '/reset');
    if (mode === 'emulator') qr.refresh();
  });
  onButton('simulate-creation', 'creating the instance', async () => {
    const summary = await control('POST', '/creation');
    if (mode === 'emulator') qr.refresh();
    const seconds = Math.round((summary.nextStateAt - Date.now()) / 1000);
    return `the instance is being created: getStateInstance answers null for ${seconds} s, then starting, then notAuthorized (the element restarted and asks again every 5 s)`;
  });

  // -- the phone, for pairing codes

  onButton('enter-code', 'entering the code', async () => {
    const { pairing } = await control('GET', '');
    if (!pairing?.code) throw new Error('no code has been handed out yet: choose Method → Phone number and press “Get code” in the element');
    await control('POST', '/enter-code', { code: pairing.code });
    return `entered the code ${formatCode(pairing.code)} on the phone: the element sees it at its next state check (within 5 s)`;
  });
  onButton('enter-wrong-code', 'entering a wrong code', async () => {
    const { pairing } = await control('GET', '');
    const wrong = wrongCode(pairing?.code ?? '');
    try {
      await control('POST', '/enter-code', { code: wrong });
    } catch (error) {
      return `entered the wrong code ${formatCode(wrong)} on the phone: “${error instanceof Error ? error.message : error}”`;
    }
    return `entered ${formatCode(wrong)}, and the emulator took it`;
  });

  // -- the phone meets WhatsApp's passkey gate

  onButton('scan-passkey', 'scanning with a passkey required', async () => {
    await control('POST', '/state', { passkeyRequired: true });
    const { stateInstance } = await control('POST', '/scan');
    return `scanned, and WhatsApp asked the account for a passkey: the instance stays ${stateInstance} until “Passkey required” is turned off`;
  });

  /** @param {string} code `K7Q2M9ZD` → `K7Q2-M9ZD`, as the element shows it */
  const formatCode = (code) => code.match(/.{1,4}/g)?.join('-') ?? code;

  /**
   * A code that looks right but is not: the current one with its last character changed.
   * @param {string} code
   */
  function wrongCode(code) {
    if (!code) return 'AAAA1111';
    const last = code.slice(-1) === 'A' ? 'B' : 'A';
    return code.slice(0, -1) + last;
  }

  // -- the instance's state and switches

  const stateSelect = /** @type {HTMLSelectElement} */ ($('state-value'));
  const stateCustom = /** @type {HTMLInputElement} */ ($('state-custom'));
  stateSelect.addEventListener('change', () => {
    $('state-custom-field').hidden = stateSelect.value !== 'custom';
  });
  onButton('apply-state', 'setting the state', async () => {
    let value = /** @type {string | null} */ (stateSelect.value);
    if (value === 'null') value = null;
    else if (value === 'custom') {
      value = stateCustom.value.trim();
      if (!/^[A-Za-z][\w-]{0,63}$/.test(value)) throw new Error('a state name is a letter, then letters, digits, _ or -');
    }
    await control('POST', '/state', { stateInstance: value });
    return `stateInstance = ${JSON.stringify(value)}`;
  });

  /** Switches whose change is on its way to the emulator: the periodic refresh leaves them alone. */
  const pendingSwitches = new Set();
  /** Bumped on every switch change, so that a reading taken before it does not undo it on screen. */
  let switchChanges = 0;
  for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input[data-switch]'))) {
    box.addEventListener('change', async () => {
      const name = String(box.dataset.switch);
      const on = box.checked;
      pendingSwitches.add(name);
      switchChanges++;
      try {
        await control('POST', '/state', { [name]: on });
        log('demo', `${name} ${on ? 'on' : 'off'}`);
      } catch (error) {
        box.checked = !on;
        log('demo', `setting ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        pendingSwitches.delete(name);
        void refreshEmulatorState();
      }
    });
  }

  /** @param {Record<string, unknown>} switches the emulator's current values */
  function renderSwitches(switches) {
    for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input[data-switch]'))) {
      const name = String(box.dataset.switch);
      if (!pendingSwitches.has(name) && typeof switches[name] === 'boolean') box.checked = /** @type {boolean} */ (switches[name]);
    }
  }

  // -- the scanqrcode socket

  /** The scan-timeout frame's type, as the emulator sends it (a switch picks one of the two documented names). */
  const timeoutTypeSelect = /** @type {HTMLSelectElement} */ ($('ws-timeout-type'));
  /** A spelling on its way to the emulator: the periodic refresh leaves the select alone meanwhile. */
  let timeoutTypePending = false;
  timeoutTypeSelect.addEventListener('change', async () => {
    const wsTimeoutType = timeoutTypeSelect.value;
    timeoutTypePending = true;
    switchChanges++;
    try {
      await control('POST', '/state', { wsTimeoutType });
      log('demo', `the scan-timeout frame is now “${wsTimeoutType}”`);
    } catch (error) {
      log('demo', `setting the timeout frame type failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      timeoutTypePending = false;
      void refreshEmulatorState();
    }
  });
  onButton('ws-drop', 'dropping the socket', async () => {
    await control('POST', '/ws', { action: 'drop' });
    return 'dropped the socket without a close frame (the element sees 1006)';
  });
  onButton('ws-timeout', 'timing out the scan', async () => {
    const type = timeoutTypeSelect.value;
    await control('POST', '/ws', { action: 'timeout' });
    return `the scan timed out: the emulator sent ${JSON.stringify({ type, message: 'timeoutExpired' })} (as after 100 s without a scan) and closed the socket`;
  });
  onButton('ws-bad-frame', 'sending a bad frame', async () => {
    await control('POST', '/ws', { action: 'send', frame: '<<not json' });
    return 'sent a frame that is not JSON';
  });

  /** @param {Array<{ status?: number, latencyMs?: number, hang?: boolean, preset?: string, times: number | null }>} faults */
  function renderFaults(faults) {
    if (!Array.isArray(faults) || faults.length === 0) {
      activeFaults.textContent = 'No faults.';
      return;
    }
    const items = faults.map((fault) => {
      const what = [];
      if (fault.hang) what.push('no answer');
      if (fault.preset) what.push(fault.preset);
      if (fault.status !== undefined) what.push(`HTTP ${fault.status}`);
      if (fault.latencyMs) what.push(`+${fault.latencyMs} ms`);
      const left = fault.times === null ? 'until cleared' : `${fault.times} left`;
      const chip = document.createElement('span');
      chip.className = 'chip';
      chip.textContent = `${what.join(', ')} · ${left}`;
      return chip;
    });
    activeFaults.replaceChildren(document.createTextNode('Active: '), ...items.flatMap((chip) => [chip, document.createTextNode(' ')]));
  }

  // The emulator's view of the instance, refreshed every second while the page is visible.
  let polling = false;
  async function refreshEmulatorState() {
    if (polling || mode !== 'emulator' || !config || document.visibilityState === 'hidden') return;
    polling = true;
    try {
      const changesBefore = switchChanges;
      const [summary, switches] = await Promise.all([control('GET', ''), control('GET', '/state')]);
      const state = summary.logoutProcess ? 'logging out' : summary.needsLogout ? 'needs logout' : String(summary.stateInstance);
      const seconds = Math.max(0, Math.ceil((summary.qr.rotatesAt - Date.now()) / 1000));
      const parts = [`state: ${state}`];
      if (typeof summary.nextStateAt === 'number') parts.push(`moves on in ${Math.max(0, Math.ceil((summary.nextStateAt - Date.now()) / 1000))} s`);
      if (summary.passkeyPending) parts.push('passkey asked');
      else if (summary.stateInstance === 'notAuthorized') parts.push(`code #${summary.qr.version}, next in ${seconds} s`);
      const requests = summary.stats.requests.qr ?? 0;
      parts.push(`${requests} qr ${requests === 1 ? 'request' : 'requests'}`);
      const sockets = summary.stats.sockets?.open ?? 0;
      if (sockets > 0) parts.push(sockets === 1 ? 'socket open' : `${sockets} sockets open`);
      emulatorState.textContent = parts.join(' · ');
      renderFaults(summary.faults);
      if (changesBefore === switchChanges) renderSwitches({ ...switches, needsLogout: summary.needsLogout });
      if (switches.wsTimeoutType && !timeoutTypePending && changesBefore === switchChanges) timeoutTypeSelect.value = switches.wsTimeoutType;
    } catch {
      emulatorState.textContent = 'emulator not reachable';
    } finally {
      polling = false;
    }
  }
  setInterval(() => void refreshEmulatorState(), STATE_POLL_MS);

  // A full page load for each mode, so that the backend mode's page never held the token.
  for (const input of document.querySelectorAll('#connection-mode input')) {
    const radio = /** @type {HTMLInputElement} */ (input);
    radio.checked = (radio.value === 'backend') === throughBackend;
    radio.addEventListener('change', () => {
      if (radio.checked) location.search = radio.value === 'backend' ? '?connection=backend' : '';
    });
  }
  if (throughBackend) {
    for (const control of realForm.elements) /** @type {HTMLInputElement} */ (control).disabled = true;
    $('real-note').hidden = false;
  }

  // ---------------------------------------------------------------- start

  fetch(throughBackend ? '/demo-config.json?connection=backend' : '/demo-config.json', { cache: 'no-store' })
    .then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    })
    .then((value) => {
      config = value;
      useEmulator();
    })
    .catch((error) => {
      connection.textContent = `Could not load /demo-config.json (${error instanceof Error ? error.message : error}). Is demo/serve.mjs running?`;
    });
})();
