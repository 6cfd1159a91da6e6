// The algorithm of GREEN-API's official browser example (whatsapp-api-client-js,
// examples/browserExampleQRCode.html), re-implemented without its client library so that the bench
// compares algorithms, not libraries: on "Get QR", getStateInstance and qr at once, then qr every
// 5 s with setInterval, with no guard against a request still in flight. The page's settings come
// from the query string; it marks `qr-painted` when the first code is on screen.
'use strict';

(() => {
  const params = new URLSearchParams(location.search);
  const base = `${params.get('apiUrl')}/waInstance${params.get('idInstance')}`;
  const token = params.get('apiTokenInstance');
  const img = /** @type {HTMLImageElement} */ (document.getElementById('img-qr-code'));
  let intervalId = 0;

  function isAuthed() {
    fetch(`${base}/getStateInstance/${token}`)
      .then((response) => response.json())
      .then((data) => {
        document.getElementById('statusText').textContent = data.stateInstance;
      });
  }

  function updateQRCode() {
    fetch(`${base}/qr/${token}`)
      .then((response) => response.json())
      .then((data) => {
        if (data.type === 'qrCode') {
          img.hidden = false;
          img.src = `data:image/png;base64,${data.message}`;
        } else {
          img.hidden = true;
          clearInterval(intervalId);
          isAuthed();
          document.getElementById('resultText').textContent = data.message;
        }
      })
      .catch((reason) => {
        document.getElementById('resultText').textContent = `${reason}. See logs for details`;
      });
  }

  img.addEventListener('load', () => {
    if (performance.getEntriesByName('qr-painted').length === 0) requestAnimationFrame(() => performance.mark('qr-painted'));
  });

  // The example starts on a click; the bench "clicks" as soon as the page runs.
  isAuthed();
  clearInterval(intervalId);
  updateQRCode();
  intervalId = setInterval(updateQRCode, 5000);
})();
