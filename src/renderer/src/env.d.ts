// Ambient types of the renderer: Vue single-file components, and the desktop bridge that the
// Electron preload may expose. Only api/client.ts reads `window.exitscope`.
import type { DesktopBridge } from '../../shared/contract';

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare global {
  interface Window {
    exitscope?: DesktopBridge;
  }
}
