// The serve-mode transport against a stubbed fetch: the contract's routes and CSRF header, host
// errors passed through verbatim, and transport failures turned into readable WireErrors.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HTTP_CSRF_HEADER } from '../../../src/shared/contract';
import { exportCsvUrl, invokeHttp, uploadHttp } from '../../../src/renderer/src/api/http-bridge';

type FetchArgs = [input: string, init?: RequestInit];

function stubFetch(respond: (...args: FetchArgs) => Response | Promise<Response>) {
  const fetchMock = vi.fn(respond);
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('invokeHttp', () => {
  it('POSTs the request as JSON to /api/cmd/<name> with the CSRF header', async () => {
    const fetchMock = stubFetch(() => json({ ok: true, value: { deleted: true } }));
    const result = await invokeHttp('traces/delete', { traceId: 3 });
    expect(result).toEqual({ ok: true, value: { deleted: true } });
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('/api/cmd/traces/delete');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('{"traceId":3}');
    expect(new Headers(init?.headers).get(HTTP_CSRF_HEADER)).toBe('1');
  });

  it('passes the host\u2019s error through, whatever the status', async () => {
    const error = { name: 'ImportError', message: 'line 12: expected "reason"' };
    stubFetch(() => json({ ok: false, error }, 404));
    expect(await invokeHttp('traces/summary', { traceId: 1 })).toEqual({ ok: false, error });
  });

  it('reports a reply that is not a WireResult as an HTTP error', async () => {
    stubFetch(() => new Response('<html>proxy error</html>', { status: 502, statusText: 'Bad Gateway' }));
    expect(await invokeHttp('traces/list', {})).toEqual({ ok: false, error: { name: 'HttpError', message: 'HTTP 502 Bad Gateway' } });
  });

  it('reports an unreachable host', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const result = await invokeHttp('app/info', {});
    expect(result).toEqual({ ok: false, error: { name: 'NetworkError', message: 'cannot reach the ExitScope host: Failed to fetch' } });
  });
});

describe('uploadHttp', () => {
  const file = new File(['CPU 0/KVM-1 [000] 1.000000: kvm_exit: ...\n'], 'my trace.txt');

  it('PUTs the raw file with its name in the query and the CSRF header', async () => {
    const fetchMock = stubFetch(() => json({ uploadId: 'u-1' }));
    expect(await uploadHttp(file)).toEqual({ ok: true, value: { uploadId: 'u-1' } });
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('/api/upload?name=my%20trace.txt');
    expect(init?.method).toBe('PUT');
    expect(init?.body).toBe(file);
    expect(new Headers(init?.headers).get(HTTP_CSRF_HEADER)).toBe('1');
  });

  it('accepts the uploadId wrapped in a WireResult too', async () => {
    stubFetch(() => json({ ok: true, value: { uploadId: 'u-2' } }));
    expect(await uploadHttp(file)).toEqual({ ok: true, value: { uploadId: 'u-2' } });
  });

  it('passes a refused upload\u2019s error through', async () => {
    const error = { name: 'ValidationError', message: 'upload larger than 2 GiB' };
    stubFetch(() => json({ ok: false, error }, 413));
    expect(await uploadHttp(file)).toEqual({ ok: false, error });
  });

  it('says so when the host answers without an uploadId', async () => {
    stubFetch(() => json({ id: 'u-3' }));
    const result = await uploadHttp(file);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.message).toMatch(/without an uploadId/);
  });

  it('reports a cancelled upload as Cancelled', async () => {
    const abort = new AbortController();
    stubFetch((_url, init) => {
      abort.abort();
      return Promise.reject(init?.signal?.reason ?? new Error('aborted'));
    });
    expect(await uploadHttp(file, abort.signal)).toEqual({ ok: false, error: { name: 'Cancelled', message: 'upload of my trace.txt was cancelled' } });
  });
});

describe('exportCsvUrl', () => {
  it('is the export route with the trace id', () => {
    expect(exportCsvUrl(42)).toBe('/api/export/csv?traceId=42');
  });
});
