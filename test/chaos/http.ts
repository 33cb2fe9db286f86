// The few HTTP calls the chaos suite makes, each with a deadline: a request that hangs is a finding, not a wait.
import http from 'node:http';

export interface Answer {
  /** The HTTP status, or 0 when no answer came in time (or the connection failed). */
  readonly status: number;
  readonly body: unknown;
  readonly ms: number;
}

/**
 * One request on a connection of its own (no keep-alive): on a loaded machine a reused idle connection can be closed
 * by the server's keep-alive timeout just as the next request goes out, and that "fetch failed" would look like the
 * API refusing a start. Here a failure is the API's.
 */
export function request(url: string, method: string, body?: unknown, timeoutMs = 10_000): Promise<Answer> {
  const started = Date.now();
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve) => {
    const failed = (err: Error) =>
      resolve({
        status: 0,
        body: `${err.message} (${(err as { code?: string }).code ?? err.name})`,
        ms: Date.now() - started,
      });
    const req = http.request(
      url,
      {
        method,
        agent: false,
        headers:
          payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', failed);
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, ms: Date.now() - started });
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', failed);
    req.end(payload);
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Poll `check` every `everyMs` until it returns a value; undefined after `timeoutMs`. */
export async function poll<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 250,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) return undefined;
    await sleep(everyMs);
  }
}

/**
 * Start `count` processes of `workflowKey` with up to `parallel` requests in flight. A refused start (429, 503) is
 * tried again after the server's `Retry-After` (or a second); returns the new processes' ids and the refusals seen.
 */
export async function startProcesses(
  apiUrl: string,
  workflowKey: string,
  pages: unknown[],
  count: number,
  parallel: number,
): Promise<{ ids: string[]; refused: Record<number, number> }> {
  const ids: string[] = [];
  const refused: Record<number, number> = {};
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next += 1;
      for (;;) {
        const answer = await request(`${apiUrl}/api/processes/${workflowKey}`, 'POST', pages, 30_000);
        if (answer.status === 201) {
          ids.push((answer.body as { id: string }).id);
          break;
        }
        if (answer.status !== 429 && answer.status !== 503) {
          throw new Error(`Starting ${workflowKey} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        }
        refused[answer.status] = (refused[answer.status] ?? 0) + 1;
        await sleep(1000);
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return { ids, refused };
}
