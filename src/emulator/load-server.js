// The emulator's HTTP, WebSocket and PNG code needs three packages that browser users of
// greenapi-qr never need, so they are optional peer dependencies: this says which are missing.

const PEERS = ['ws', 'qrcode', 'pngjs'];

/** @returns {Promise<typeof import('./server.js')>} */
export async function loadServer() {
  try {
    return await import('./server.js');
  } catch (error) {
    const missing = PEERS.filter((name) => String(/** @type {Error} */ (error)?.message).includes(`'${name}'`));
    if (/** @type {{ code?: string }} */ (error)?.code !== 'ERR_MODULE_NOT_FOUND' || missing.length === 0) throw error;
    throw new Error(
      `The GREEN-API emulator needs ${PEERS.join(', ')} (optional peer dependencies of greenapi-qr); ` +
        `${missing.join(', ')} not found. Install them: npm install --save-dev ${PEERS.join(' ')}`,
    );
  }
}
