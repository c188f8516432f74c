// Drag-and-drop of a trace file anywhere onto the window. Listens on the window (the drop
// target is the whole app), shows `dragging` while files hover, and hands the dropped files to
// the caller. Drags that carry no files (text, links) are left alone.
import { onMounted, onScopeDispose, ref } from 'vue';

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

export function useFileDrop(onFiles: (files: File[]) => void) {
  const dragging = ref(false);
  let depth = 0; // dragenter/dragleave fire for every child element crossed

  const onEnter = (e: DragEvent): void => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    depth += 1;
    dragging.value = true;
  };
  const onOver = (e: DragEvent): void => {
    if (!carriesFiles(e)) return;
    e.preventDefault(); // allows the drop
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  };
  const onLeave = (e: DragEvent): void => {
    if (!carriesFiles(e)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) dragging.value = false;
  };
  const onDrop = (e: DragEvent): void => {
    if (!carriesFiles(e)) return;
    e.preventDefault(); // never let the browser navigate to the file
    depth = 0;
    dragging.value = false;
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length > 0) onFiles(files);
  };

  const listeners = [
    ['dragenter', onEnter],
    ['dragover', onOver],
    ['dragleave', onLeave],
    ['drop', onDrop],
  ] as const;
  onMounted(() => listeners.forEach(([name, fn]) => window.addEventListener(name, fn)));
  onScopeDispose(() => listeners.forEach(([name, fn]) => window.removeEventListener(name, fn)));

  return { dragging };
}
