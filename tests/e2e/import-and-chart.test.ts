// End to end in real chromium: the built renderer, served by the real `exitscope serve` server
// (in-process, fresh temp library), imports a KVM tracefs fixture through the file input, and
// the charts' data tables, facts and stats tables must show what the fixture holds. Then the
// CSV export is downloaded and checked, a bad file must produce a readable error, and the page
// must log no console errors. Expected values are hand-counted from the fixture (see FIXTURE).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeRepeatedTrace } from './support/big-trace';
import { parseCsv } from '../helpers/csv';
import { CHROMIUM_MISSING, findChromium } from './support/chromium';
import type { ServedRenderer } from './support/renderer-server';
import { useServedApp } from './support/served-app';
import { parseCount, parseDuration, type TracePage } from './support/trace-page';

const FIXTURE = fileURLToPath(new URL('../fixtures/e2e/kvm-tracefs-two-vcpus.txt', import.meta.url));
const NOT_A_TRACE = fileURLToPath(new URL('../fixtures/e2e/not-a-trace.txt', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const screenshot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

// What the fixture holds, counted by hand from its 58 lines (12 header comment lines, then
// events). vCPU 0 (thread "CPU 0/KVM-4321") and vCPU 1 ("CPU 1/KVM-4322"):
//   exit time (µs after 1000 s)  vCPU  reason              port I/O            userspace  latency
//   100 (line 13)                 0     IO_INSTRUCTION      out 0x3f8 /1 0x41   yes        9 µs
//   105 (line 16)                 1     IO_INSTRUCTION      out 0xcf8 /4        yes        7 µs
//   115 (line 21)                 1     IO_INSTRUCTION      in  0xcfc /4        yes       10 µs
//   120                           0     IO_INSTRUCTION      out 0x3f8 /1        yes        8 µs
//   130                           1     EXTERNAL_INTERRUPT                                 1 µs
//   140                           0     IO_INSTRUCTION      in  0x3fd /1        yes        6 µs
//   160                           0     EXTERNAL_INTERRUPT                                 1 µs
//   170                           0     IO_INSTRUCTION      out 0x80  /1        yes        4 µs
//   180                           0     IO_INSTRUCTION      out 0x20  /1        no (PIC)   2 µs
//   190 (line 45)                 0     HLT                                              260 µs
//   200 (line 46)                 1     HLT                                              120 µs
//   330                           1     IO_INSTRUCTION      out 0x3f8 /1        yes        8 µs
//   460                           0     IO_INSTRUCTION      out 0x3f8 /1        yes        7 µs
//   480 (line 57)                 0     IO_INSTRUCTION      in  0x3fd /1        yes      never re-entered
const EXPECTED = {
  exits: 14,
  ioExits: 10,
  userspaceExits: 9,
  closedExits: 13,
  vcpus: 2,
  reasons: { IO_INSTRUCTION: '10', EXTERNAL_INTERRUPT: '2', HLT: '2' },
  // key (port/direction/size) → [chart label, exits, userspace exits]; device names from WELL_KNOWN_PORTS
  ports: {
    '0x3f8/out/1': ['0x3f8 COM1 out/1', '4', '4'],
    '0x3fd/in/1': ['0x3fd COM1 in/1', '2', '2'],
    '0x20/out/1': ['0x20 PIC1 out/1', '1', '0'],
    '0x80/out/1': ['0x80 POST / io_delay out/1', '1', '1'],
    '0xcf8/out/4': ['0xcf8 PCI config address out/4', '1', '1'],
    '0xcfc/in/4': ['0xcfc PCI config data in/4', '1', '1'],
  },
  slowestNs: 260_000,
  fastestNs: 1_000,
} as const;

const executablePath = findChromium();
if (executablePath === null) console.warn(`[e2e] ${CHROMIUM_MISSING}`);

describe.skipIf(executablePath === null)('renderer in chromium against exitscope serve', () => {
  const app = useServedApp(executablePath ?? '', SCREENSHOTS);
  let served: ServedRenderer;
  let page: Page;
  let ui: TracePage;

  beforeAll(() => {
    ({ served, page, ui } = app);
  });

  it('starts empty and says how to import', async () => {
    const empty = page.getByTestId('empty-state');
    await empty.waitFor();
    const text = await empty.textContent();
    expect(text).toContain('Drag and drop');
    expect(text).toContain('exitscope import <trace.txt>');
    expect(await ui.traceItems().count()).toBe(0);
    await screenshot(page, 'empty-state');
  });

  it('imports a KVM trace through the file input and selects it', async () => {
    await ui.importFile(FIXTURE);
    await page.getByTestId('trace-view').waitFor();
    await page.locator('[data-testid="reason-chart-data"] [data-testid="table-row"]').first().waitFor({ state: 'attached' });
    expect(await page.getByTestId('trace-name').textContent()).toContain('kvm-tracefs-two-vcpus');
    expect(await page.title()).toBe('kvm-tracefs-two-vcpus.txt · ExitScope');
    expect(await ui.traceItems().count()).toBe(1);
    expect(await ui.traceItems().first().getAttribute('aria-current')).toBe('true');
    expect(await page.getByTestId('notice').textContent()).toContain(`${EXPECTED.exits} exits`);
    expect(await ui.errorMessages()).toEqual([]);
  });

  it('shows the trace facts', async () => {
    expect(await ui.fact('exits')).toBe(String(EXPECTED.exits));
    expect(await ui.fact('io-exits')).toBe(`${EXPECTED.ioExits} (71.4%)`);
    expect(await ui.fact('userspace-exits')).toBe(String(EXPECTED.userspaceExits));
    expect(await ui.fact('vcpus')).toBe(String(EXPECTED.vcpus));
  });

  it('charts exits by reason', async () => {
    await expect(page.locator('[data-testid="chart-reasons"] canvas').count()).resolves.toBe(1);
    const rows = await ui.readTable('reason-chart-data');
    expect(Object.fromEntries(rows.map((r) => [r.reason, r.count]))).toEqual(EXPECTED.reasons);
    expect(rows[0]?.reason).toBe('IO_INSTRUCTION'); // largest first
  });

  it('charts port-I/O exits by port with device names', async () => {
    await expect(page.locator('[data-testid="chart-ports"] canvas').count()).resolves.toBe(1);
    const rows = await ui.readTable('port-chart-data');
    const byKey = Object.fromEntries(rows.map((r) => [`${r.port}/${r.access}`, [r.label, r.count, r.userspace]]));
    expect(byKey).toEqual(EXPECTED.ports);
    expect(rows[0]?.label).toBe('0x3f8 COM1 out/1');
  });

  it('charts the latency histogram over every closed exit', async () => {
    await expect(page.locator('[data-testid="chart-histogram"] canvas').count()).resolves.toBe(1);
    const rows = await ui.readTable('histogram-chart-data');
    expect(rows.reduce((sum, r) => sum + parseCount(r.count ?? ''), 0)).toBe(EXPECTED.closedExits);
    // The first bucket holds the 1 µs interrupts, the last the 260 µs HLT (bounds shown to 3 digits).
    const within = (ns: number, row: Record<string, string> | undefined): boolean =>
      row !== undefined && parseDuration(row.from ?? '') <= ns * 1.005 && ns < parseDuration(row.to ?? '') * 1.005;
    expect(within(EXPECTED.fastestNs, rows[0])).toBe(true);
    expect(within(EXPECTED.slowestNs, rows.at(-1))).toBe(true);
    expect(rows.at(-1)?.count).toBe('1');
    expect(await page.locator('[data-testid="chart-histogram"] [data-testid="chart-note"]').textContent()).toMatch(/per octave/);
  });

  it('tabulates latency by reason and by port', async () => {
    const reasons = Object.fromEntries((await ui.readTable('reason-stats-table')).map((r) => [r.reason, r]));
    expect(reasons.IO_INSTRUCTION).toMatchObject({ count: '10', closed: '9', min: '2 µs', max: '10 µs' });
    expect(reasons.HLT).toMatchObject({ count: '2', closed: '2', min: '120 µs', max: '260 µs' });
    expect(reasons.EXTERNAL_INTERRUPT).toMatchObject({ count: '2', closed: '2', min: '1 µs', max: '1 µs' });
    const ports = Object.fromEntries((await ui.readTable('port-stats-table')).map((r) => [`${r.port}/${r.access}`, r]));
    expect(ports['0x3fd/in/1']).toMatchObject({ device: 'COM1', count: '2', closed: '1', userspace: '2', min: '6 µs', max: '6 µs' });
    expect(ports['0x20/out/1']).toMatchObject({ device: 'PIC1', count: '1', userspace: '0', max: '2 µs' });
    expect(ports['0x3f8/out/1']).toMatchObject({ count: '4', closed: '4', min: '7 µs', max: '9 µs', total: '32 µs' });
  });

  it('sorts a stats table by a clicked column, on raw values', async () => {
    const header = page.locator('[data-testid="port-stats-table"] th[data-col="total"]');
    const totals = async (): Promise<string[]> => (await ui.readTable('port-stats-table')).map((r) => r.total ?? '');
    await header.getByRole('button').click(); // largest first: 32 µs (4 COM1 writes) before 10 µs
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect(await totals()).toEqual(['32 µs', '10 µs', '7 µs', '6 µs', '4 µs', '2 µs']);
    await header.getByRole('button').click();
    expect(await totals()).toEqual(['2 µs', '4 µs', '6 µs', '7 µs', '10 µs', '32 µs']);
    await header.getByRole('button').click(); // back to the host's order: by exit count
    expect(await header.getAttribute('aria-sort')).toBeNull();
    expect((await ui.readTable('port-stats-table'))[0]?.port).toBe('0x3f8');
  });

  it('lists the slowest exits, slowest first', async () => {
    const rows = await ui.readTable('slowest-exits-table');
    expect(rows.length).toBeGreaterThanOrEqual(EXPECTED.closedExits);
    expect(rows[0]).toMatchObject({ rank: '1', latency: '260 µs', reason: 'HLT', vcpu: '0', time: '1000.000190', line: '45' });
    expect(rows[1]).toMatchObject({ latency: '120 µs', reason: 'HLT', vcpu: '1', line: '46' });
    expect(rows[2]).toMatchObject({ latency: '10 µs', port: '0xcfc PCI config data in/4', value: '0x12378086', userspace: 'yes', line: '21' });
    await screenshot(page, 'trace-view');
  });

  it('exports the trace as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const path = await download.path();
    const { columns, rows } = parseCsv(readFileSync(path, 'utf8'));
    expect(columns.slice(0, 3)).toEqual(['seq', 'time_ns', 'vcpu']);
    expect(columns).toEqual(expect.arrayContaining(['reason', 'latency_ns', 'port', 'device', 'direction', 'size', 'value', 'mnemonic', 'line']));
    expect(rows).toHaveLength(EXPECTED.exits);
    expect(rows.find((r) => r.time_ns === '1000000100000')).toMatchObject({
      vcpu: '0', reason: 'IO_INSTRUCTION', latency_ns: '9000', port: '0x3f8', device: 'COM1', direction: 'out', size: '1', value: '0x41', mnemonic: 'out dx, al', line: '13',
    });
    expect(rows.find((r) => r.line === '57')).toMatchObject({ reason: 'IO_INSTRUCTION', port: '0x3fd', direction: 'in', latency_ns: '' });
    expect(await page.getByTestId('notice').textContent()).toContain('.csv');
  });

  it('shows an import error with the host\u2019s message, and keeps the library as it was', async () => {
    await ui.importFile(NOT_A_TRACE);
    await page.getByTestId('error-panel').waitFor();
    const [message] = await ui.errorMessages();
    expect(message).toMatch(/no KVM exits in .*not-a-trace\.txt/);
    expect(await page.getByTestId('error').first().textContent()).toContain('not-a-trace.txt');
    expect(await ui.traceItems().count()).toBe(1);
    await screenshot(page, 'import-error');
    await page.getByTestId('dismiss-error').click();
    await page.getByTestId('error-panel').waitFor({ state: 'detached' });
    expect(await page.getByTestId('trace-view').isVisible()).toBe(true);
  });

  it('shows a long import\u2019s progress and cancels it, storing nothing', async () => {
    const big = join(served.workDir, 'long-trace.txt');
    // 1,380,000 lines (176 MB): a few seconds of work even for the ~500k lines/s importer, so
    // the test cancels as soon as progress shows and takes the screenshot afterwards.
    writeRepeatedTrace(FIXTURE, big, 30_000);
    await ui.importFile(big);
    const progress = page.getByTestId('import-progress');
    await progress.getByText('Importing').waitFor({ timeout: 60_000 });
    await progress.getByText(/lines · [\d,]+ exits/).waitFor({ timeout: 60_000 });
    const fraction = Number(await progress.locator('progress').getAttribute('value'));
    // A DOM click: the point is that Cancel cancels, and under CPU load headless chromium may take
    // long to report the button as "stable" for a pointer click while progress keeps arriving.
    await page.getByTestId('cancel-import').dispatchEvent('click');
    expect(fraction).toBeGreaterThan(0);
    expect(fraction).toBeLessThan(1);
    await progress.waitFor({ state: 'detached', timeout: 60_000 });
    expect(await page.getByTestId('notice').textContent()).toBe('Import of long-trace.txt cancelled.');
    expect(await ui.errorMessages()).toEqual([]);
    expect(await ui.traceItems().count()).toBe(1);
  });

  it('imports a file dropped anywhere onto the window, listing the lines it skipped', async () => {
    // The fixture plus one line that is not a trace event: line 59, after the fixture's 58.
    await ui.dropFile('dropped-trace.txt', `${readFileSync(FIXTURE, 'utf8')}this is not a trace line\n`);
    await page.locator('[data-testid="trace-name"]', { hasText: 'dropped-trace.txt' }).waitFor();
    expect(await ui.traceItems().count()).toBe(2);
    expect(await ui.fact('exits')).toBe(String(EXPECTED.exits));
    expect(await ui.fact('skipped')).toBe('1');
    const issues = await page.getByTestId('trace-issues').textContent();
    expect(issues).toContain('line 59');
    expect(issues).toContain('this is not a trace line');
    expect(await page.getByTestId('drop-overlay').count()).toBe(0);
  });

  it('imports several dropped files one by one, each with its own result, and sums up', async () => {
    await ui.dropFiles([
      { name: 'first-of-two.txt', text: readFileSync(FIXTURE, 'utf8') },
      { name: 'not-trace.txt', text: 'hello\nworld\n' },
      { name: 'second-of-two.txt', text: readFileSync(FIXTURE, 'utf8') },
    ]);
    await page.getByTestId('notice').getByText(/^Imported 2 of 3 files: first-of-two\.txt \([\d,]+ exits\), second-of-two\.txt \([\d,]+ exits\); failed: not-trace\.txt\.$/).waitFor({ timeout: 60_000 });
    expect(await ui.traceItems().count()).toBe(4);
    const [message] = await ui.errorMessages();
    expect(message).toMatch(/no KVM exits in not-trace\.txt/);
    await page.getByTestId('dismiss-error').click();
    for (const name of ['first-of-two.txt', 'second-of-two.txt']) {
      const dialog = page.waitForEvent('dialog');
      await page.locator('[data-testid="trace-item"]', { hasText: name }).click();
      await page.locator('[data-testid="trace-name"]', { hasText: name }).waitFor();
      const click = page.getByTestId('delete-trace').click();
      await (await dialog).accept();
      await click;
      await page.getByTestId('notice').getByText(`Deleted ${name}.`).waitFor();
    }
    await page.locator('[data-testid="trace-item"]', { hasText: 'dropped-trace.txt' }).click();
    await page.locator('[data-testid="trace-name"]', { hasText: 'dropped-trace.txt' }).waitFor();
  });

  it('deletes the selected trace after confirmation and selects the newest remaining one', async () => {
    const dialog = page.waitForEvent('dialog');
    const click = page.getByTestId('delete-trace').click();
    const confirm = await dialog;
    expect(confirm.message()).toContain('dropped-trace.txt');
    await confirm.accept();
    await click;
    await page.getByTestId('notice').getByText('Deleted dropped-trace.txt.').waitFor();
    expect(await ui.traceItems().count()).toBe(1);
    await page.locator('[data-testid="trace-name"]', { hasText: 'kvm-tracefs-two-vcpus.txt' }).waitFor();
  });
});

// Without chromium, say why in the test report rather than passing silently.
if (executablePath === null) {
  describe('renderer in chromium', () => {
    it.skip(CHROMIUM_MISSING, () => undefined);
  });
}
