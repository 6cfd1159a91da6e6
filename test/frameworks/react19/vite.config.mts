import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// .mts rather than the template's .ts: the package's own tsconfig includes test/**/*.ts, and this
// file's imports only resolve inside this app. React 19 needs no custom-element option.
export default defineConfig({
  plugins: [react()],
});
