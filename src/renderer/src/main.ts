// Renderer entry: mounts the app. Chart.js parts are registered by charts/register.ts, which
// ChartCanvas.vue imports, so nothing else needs setting up here.
import { createApp } from 'vue';
import App from './App.vue';
import './styles.css';

createApp(App).mount('#app');
