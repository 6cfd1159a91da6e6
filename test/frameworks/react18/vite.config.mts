import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// No custom-element setup needed: greenapi-qr/react is an ordinary React component.
export default defineConfig({
  plugins: [react()],
});
