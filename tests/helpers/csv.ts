// A small RFC 4180 reader for checking exported CSV: quoted fields, doubled quotes, commas and
// newlines inside quotes. Returns the header and each row keyed by it.
export interface Csv {
  columns: string[];
  rows: Record<string, string>[];
}

function records(text: string): string[][] {
  const out: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      out.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    out.push(record);
  }
  return out;
}

export function parseCsv(text: string): Csv {
  const [columns = [], ...body] = records(text);
  return { columns, rows: body.map((r) => Object.fromEntries(columns.map((col, i) => [col, r[i] ?? '']))) };
}
