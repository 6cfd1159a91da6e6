// A page with many <greenapi-qr> elements, one per emulator instance. The query string gives
// apiUrl and `instances` (idInstance:apiTokenInstance, comma-separated). The page records every
// long task from its start (`buffered` brings those from before this script ran), marks `crowd-painted` once every element's first code has
// loaded and a frame has been drawn with it, and keeps the resource timings of all its requests.
performance.setResourceTimingBufferSize(10_000);
/** @type {PerformanceEntry[]} */
const longTasks = [];
new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true });
// @ts-expect-error: read by crowd.mjs
window.benchLongTasks = longTasks;

const params = new URLSearchParams(location.search);
const instances = (params.get('instances') ?? '').split(',').map((pair) => pair.split(':'));

let painted = 0;
/** @param {HTMLElement & { updateComplete: Promise<boolean> }} qr */
async function onFirstQr(qr) {
  await qr.updateComplete;
  const img = /** @type {HTMLImageElement} */ (qr.shadowRoot?.querySelector('img[part="qr"]'));
  if (!img.complete) await new Promise((resolve) => img.addEventListener('load', resolve, { once: true }));
  if (++painted === instances.length) requestAnimationFrame(() => performance.mark('crowd-painted'));
}

const fragment = document.createDocumentFragment();
for (const [idInstance, apiTokenInstance] of instances) {
  const qr = /** @type {any} */ (document.createElement('greenapi-qr'));
  Object.assign(qr, { apiUrl: params.get('apiUrl'), idInstance, apiTokenInstance });
  qr.addEventListener('statuschange', function first(/** @type {CustomEvent} */ event) {
    if (event.detail.status !== 'qr') return;
    qr.removeEventListener('statuschange', first);
    onFirstQr(qr);
  });
  fragment.append(qr);
}
document.body.append(fragment);
