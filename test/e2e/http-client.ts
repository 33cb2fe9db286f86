import { waitFor } from './harness';

export interface JsonResponse {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

/** A tiny JSON client for the API under test. */
export function client(baseUrl: string, headers: Record<string, string> = {}) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<JsonResponse> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers, ...extra },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  const api = {
    /** Any method, with a JSON body (DELETE /api/schedules takes one). */
    call,
    get: (path: string, extra?: Record<string, string>) => call('GET', path, undefined, extra),
    post: (path: string, body?: unknown, extra?: Record<string, string>) => call('POST', path, body, extra),
    put: (path: string, body?: unknown, extra?: Record<string, string>) => call('PUT', path, body, extra),
    patch: (path: string, body?: unknown) => call('PATCH', path, body),
    delete: (path: string) => call('DELETE', path),
    /** Start a process and return its id (expects 201). */
    async start(workflowKey: string, pages: unknown[] = [{}]): Promise<string> {
      const res = await call('POST', `/api/processes/${workflowKey}`, pages);
      if (res.status !== 201) throw new Error(`start ${workflowKey}: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { id: string }).id;
    },
    process: async (id: string) => (await call('GET', `/api/processes/${id}`)).body,
    /** Wait until the process has `status` (fails fast if it reaches a different final status). */
    async waitForStatus(id: string, status: string, timeoutMs = 20_000): Promise<any> {
      return waitFor(
        `process ${id} to be ${status}`,
        async () => {
          const p = await api.process(id);
          if (p?.last_status === status) return p;
          if (p && ['completed', 'aborted'].includes(p.last_status) && p.last_status !== status) {
            throw new Error(`process is ${p.last_status}, not ${status}: ${p.failed_reason ?? ''}`);
          }
          return undefined;
        },
        timeoutMs,
      );
    },
  };
  return api;
}

export type Client = ReturnType<typeof client>;
