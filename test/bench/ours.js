// <greenapi-qr> with the bench's settings from the query string; marks `qr-painted` when the first
// code's picture has loaded and a frame has been drawn with it.
const params = new URLSearchParams(location.search);
const qr = document.getElementById('qr');
qr.apiUrl = params.get('apiUrl');
qr.idInstance = params.get('idInstance');
qr.apiTokenInstance = params.get('apiTokenInstance');
qr.addEventListener('statuschange', async (event) => {
  if (event.detail.status !== 'qr' || performance.getEntriesByName('qr-painted').length) return;
  await qr.updateComplete;
  const img = qr.shadowRoot.querySelector('img[part="qr"]');
  if (!img.complete) await new Promise((resolve) => img.addEventListener('load', resolve, { once: true }));
  requestAnimationFrame(() => performance.mark('qr-painted'));
});
