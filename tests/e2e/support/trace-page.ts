// Page object of the renderer for the e2e tests: reads what the UI shows (the data tables behind
// the charts, the facts, errors) in plain strings, so tests compare text, not pixels.
import type { Page } from 'playwright-core';

/** Structural stand-ins for the DOM types (the Node tsconfig has no DOM lib). */
interface CellLike {
  getAttribute(name: string): string | null;
  textContent: string | null;
}
interface RowLike {
  querySelectorAll(selector: string): ArrayLike<CellLike>;
}

export type TableRows = Record<string, string>[];

export class TracePage {
  constructor(readonly page: Page) {}

  /** Every body row of the table with this data-testid, keyed by column (data-col). */
  readTable(testid: string): Promise<TableRows> {
    return this.page.locator(`[data-testid="${testid}"] [data-testid="table-row"]`).evaluateAll((rows: RowLike[]) =>
      rows.map((row) => {
        const cells: Record<string, string> = {};
        for (const cell of Array.from(row.querySelectorAll('td[data-col]'))) {
          cells[cell.getAttribute('data-col') ?? ''] = (cell.textContent ?? '').trim();
        }
        return cells;
      }),
    );
  }

  /** The value of one fact in the trace header (data-fact). */
  async fact(key: string): Promise<string> {
    return ((await this.page.locator(`[data-fact="${key}"] dd`).textContent()) ?? '').trim();
  }

  async importFile(path: string): Promise<void> {
    await this.page.locator('[data-testid="import-file-input"]').setInputFiles(path);
  }

  /** Drops a file with this name and text onto the window, as a user dragging it from a file manager. */
  async dropFile(name: string, text: string): Promise<void> {
    await this.dropFiles([{ name, text }]);
  }

  /** Drops several files at once onto the window. */
  async dropFiles(files: readonly { name: string; text: string }[]): Promise<void> {
    // A string script: the Node tsconfig has no DOM types for a function body that runs in the page.
    await this.page.evaluate(`(() => {
      const data = new DataTransfer();
      for (const f of ${JSON.stringify(files)}) data.items.add(new File([f.text], f.name, { type: 'text/plain' }));
      const target = document.querySelector('main');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      }
    })()`);
  }

  traceItems() {
    return this.page.locator('[data-testid="trace-item"]');
  }

  errorMessages(): Promise<string[]> {
    return this.page.locator('[data-testid="error-message"]').allTextContents();
  }
}

/** "1.2 µs" → 1200 (ns); the inverse of the renderer's formatDuration, for range checks. */
export function parseDuration(text: string): number {
  const match = /^(-?[\d.]+) (ns|µs|ms|s)$/.exec(text);
  if (!match) throw new Error(`not a duration: ${text}`);
  const scale = { ns: 1, µs: 1e3, ms: 1e6, s: 1e9 }[match[2] as 'ns' | 'µs' | 'ms' | 's'];
  return Number(match[1]) * scale;
}

/** "1,234" → 1234. */
export function parseCount(text: string): number {
  return Number(text.replace(/,/g, ''));
}
