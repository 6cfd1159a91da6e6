import { createApp } from 'vue';
// Defines <greenapi-qr> and types it for Vue templates (props and @authorized, @error, @statuschange).
import 'greenapi-qr/vue';
import App from './App.vue';

createApp(App).mount('#app');
