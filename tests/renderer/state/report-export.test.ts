// The report export's pure parts: the progress fraction and the file name a report is saved as.
import { describe, expect, it } from 'vitest';
import { reportFraction } from '../../../src/renderer/src/state/report-progress';
import { reportFileName } from '../../../src/renderer/src/format/format';

describe('report export', () => {
  it('has no fraction before the first event, then exits read over the total', () => {
    expect(reportFraction(null)).toBeNull();
    expect(reportFraction({ reportId: 'r', stage: 'trace 1', done: 250, total: 1000 })).toBe(0.25);
    expect(reportFraction({ reportId: 'r', stage: 'done', done: 5, total: 0 })).toBeNull();
  });

  it('names the file after the trace, without its extension, with the format\u2019s', () => {
    expect(reportFileName('trace.txt', 'html')).toBe('trace.html');
    expect(reportFileName('io_forms trap p4-2007', 'perfetto.json')).toBe('io_forms trap p4-2007.perfetto.json');
    expect(reportFileName('a/b:c', 'pdf')).toBe('a_b_c.pdf');
  });
});
