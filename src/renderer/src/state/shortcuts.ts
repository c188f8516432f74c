// Keyboard shortcuts for the common actions, one table (SHORTCUTS) that both the key handler and
// the help overlay (`?`) read, so the overlay always lists what works. Keys typed into a text
// field, a select or a dialog's inputs are left alone (except Escape); Ctrl/Cmd + O, K, E also
// work there, as in most desktop apps.
import { onScopeDispose } from 'vue';

export type ShortcutAction =
  | 'import' | 'new-run' | 'find' | 'next-trace' | 'previous-trace' | 'next-exit' | 'previous-exit'
  | 'export' | 'compare' | 'toggle-theme' | 'help' | 'escape';

export interface Shortcut {
  action: ShortcutAction;
  /** What the help overlay shows, e.g. ["i", "Ctrl+O"]. */
  keys: string[];
  description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'import', keys: ['i', 'Ctrl+O'], description: 'Import (open) a trace file' },
  { action: 'new-run', keys: ['n'], description: 'New run…' },
  { action: 'find', keys: ['/', 'Ctrl+K'], description: 'Find a trace (focus the trace list\u2019s search)' },
  { action: 'next-trace', keys: ['j', '↓'], description: 'Next trace in the list' },
  { action: 'previous-trace', keys: ['k', '↑'], description: 'Previous trace in the list' },
  { action: 'next-exit', keys: [']'], description: 'Next exit (in the slowest-exits table)' },
  { action: 'previous-exit', keys: ['['], description: 'Previous exit' },
  { action: 'export', keys: ['e', 'Ctrl+E'], description: 'Export the selected trace as CSV' },
  { action: 'compare', keys: ['c'], description: 'Compare the traces ticked in the list' },
  { action: 'toggle-theme', keys: ['d'], description: 'Dark / light mode' },
  { action: 'help', keys: ['?'], description: 'Show or hide this list' },
  { action: 'escape', keys: ['Esc'], description: 'Close the overlay or the compare view' },
];

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** The action a key press means, or null. `typing`: the focus is in a text field. Pure. */
export function actionOf(e: KeyLike, typing: boolean): ShortcutAction | null {
  if (e.key === 'Escape') return 'escape';
  if (e.altKey) return null;
  if (e.ctrlKey || e.metaKey) {
    const k = e.key.toLowerCase();
    return k === 'o' ? 'import' : k === 'k' ? 'find' : k === 'e' ? 'export' : null;
  }
  if (typing) return null;
  switch (e.key) {
    case 'i': return 'import';
    case 'n': return 'new-run';
    case '/': return 'find';
    case 'j': case 'ArrowDown': return 'next-trace';
    case 'k': case 'ArrowUp': return 'previous-trace';
    case ']': return 'next-exit';
    case '[': return 'previous-exit';
    case 'e': return 'export';
    case 'c': return 'compare';
    case 'd': return 'toggle-theme';
    case '?': return 'help';
    default: return null;
  }
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
}

/** Calls `handle` for every shortcut pressed in the window; `handle` returns false to let the key through. */
export function useShortcuts(handle: (action: ShortcutAction) => boolean | void): void {
  const onKey = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || e.isComposing) return;
    // Arrow keys move the page or a select unless no element has the focus.
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && document.activeElement !== document.body) return;
    const action = actionOf(e, isTyping(e.target));
    if (action === null) return;
    if (handle(action) !== false) e.preventDefault();
  };
  window.addEventListener('keydown', onKey);
  onScopeDispose(() => window.removeEventListener('keydown', onKey));
}
