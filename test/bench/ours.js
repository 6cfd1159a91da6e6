// <greenapi-qr> with the bench's settings from the query string (apiUrl and the credentials; the
// transport and poll-interval when given, else the defaults); marks `qr-shown` when the element
// has its first code, and `qr-painted` when that code's picture has loaded and a frame has been drawn with it.
const params = new URLSearchParams(location.search);
const qr = document.getElementById('qr');
qr.apiUrl = params.get('apiUrl');
qr.idInstance = params.get('idInstance');
qr.apiTokenInstance = params.get('apiTokenInstance');
if (params.has('transport')) qr.transport = params.get('transport');
if (params.has('pollInterval')) qr.pollInterval = Number(params.get('pollInterval'));
qr.addEventListener('statuschange', async (event) => {
  if (event.detail.status !== 'qr' || performance.getEntriesByName('qr-shown').length) return;
  // The element has its first code: what it loads from here on was not needed for it.
  performance.mark('qr-shown');
  await qr.updateComplete;
  const img = qr.shadowRoot.querySelector('img[part="qr"]');
  if (!img.complete) await new Promise((resolve) => img.addEventListener('load', resolve, { once: true }));
  requestAnimationFrame(() => performance.mark('qr-painted'));
});
