// nuxt.config.ts: <greenapi-qr> is a custom element, not a Vue component.
export default defineNuxtConfig({
  compatibilityDate: '2026-12-01',
  // Without this, Vue looks for a component named greenapi-qr: the server's HTML has no <greenapi-qr>
  // and hydration reports mismatches.
  vue: { compilerOptions: { isCustomElement: (tag) => tag === 'greenapi-qr' } },
  // Reserves <greenapi-qr>'s box until its script has run (the README's :not(:defined) rule).
  css: ['~/assets/greenapi-qr.css'],
  devtools: { enabled: false },
  telemetry: false,
});
