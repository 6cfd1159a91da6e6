import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  // Relative asset URLs: dist/ can be served from any path.
  base: './',
  plugins: [
    // <greenapi-qr> is a custom element, not a Vue component: let Vue create it as a plain element.
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'greenapi-qr' } } }),
  ],
});
