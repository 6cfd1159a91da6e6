// The emulator's HTTP, WebSocket and PNG code needs three packages that browser users of
// greenapi-qr never need, so they are optional peer dependencies: this says which are missing.

const PEERS = ['ws', 'qrcode', 'pngjs'];

export async function loadServer(): Promise<typeof import('./server.js')> {
  try {
    return await import('./server.js');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    const missing = PEERS.filter((name) => message.includes(`'${name}'`));
    if (code !== 'ERR_MODULE_NOT_FOUND' || missing.length === 0) throw error;
    throw new Error(
      `The GREEN-API emulator needs ${PEERS.join(', ')} (optional peer dependencies of greenapi-qr); ` +
        `${missing.join(', ')} not found. Install them: npm install --save-dev ${PEERS.join(' ')}`,
    );
  }
}
