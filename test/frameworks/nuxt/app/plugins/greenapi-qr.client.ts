// app/plugins/greenapi-qr.client.ts: defines <greenapi-qr> in the browser (.client: never on the server).
export default defineNuxtPlugin((nuxtApp) => {
  // Once the page is hydrated: Vue has attached @authorized, @error and @statuschange by then, so
  // the page hears every event from the first status on.
  nuxtApp.hook('app:mounted', async () => {
    await import('greenapi-qr/vue'); // also types <greenapi-qr> in templates
  });
});
