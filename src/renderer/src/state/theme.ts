// Light or dark: follows the OS (prefers-color-scheme) until the user picks one with the header's
// toggle or the `d` shortcut; the choice is kept in localStorage. The effective theme is set as
// data-theme on <html> (styles.css) and read by ChartCanvas (charts/ink.ts). One shared state.
import { computed, ref } from 'vue';
import type { ThemeName } from '../charts/ink';

export type ThemeChoice = 'system' | ThemeName;
const KEY = 'exitscope.theme';

const media = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
const systemDark = ref(media?.matches ?? false);
media?.addEventListener('change', (e) => (systemDark.value = e.matches));

function stored(): ThemeChoice {
  try {
    const v = window.localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

const choice = ref<ThemeChoice>(stored());
export const theme = computed<ThemeName>(() => (choice.value === 'system' ? (systemDark.value ? 'dark' : 'light') : choice.value));

function apply(): void {
  document.documentElement.dataset.theme = theme.value;
}

export function useTheme() {
  apply();
  function set(next: ThemeChoice): void {
    choice.value = next;
    try {
      if (next === 'system') window.localStorage.removeItem(KEY);
      else window.localStorage.setItem(KEY, next);
    } catch {
      // storage refused (private mode): the choice lasts for this window only
    }
    apply();
  }
  /** Light ↔ dark (leaves "follow the OS"). */
  function toggle(): void {
    set(theme.value === 'dark' ? 'light' : 'dark');
  }
  return { theme, choice, set, toggle };
}

// Keep <html> in step when the OS switches while the choice is "system".
media?.addEventListener('change', apply);
