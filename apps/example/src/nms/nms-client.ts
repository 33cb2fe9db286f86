import { NmsError } from './nms-error';
import { nmsSettings } from './nms-settings';

const EXCERPT = 300;

/** The NMS's answer when it had one: status and parsed JSON body (undefined for 204). */
export interface NmsResponse<T> {
  readonly status: number;
  readonly body: T;
}

/**
 * Call the NMS: JSON in and out. Throws {@link NmsError} for an answer outside 2xx (naming method, URL, status and
 * the start of the body) and for no answer at all (connection refused, timeout). `accept` lists non-2xx statuses
 * the caller handles itself (a DELETE answering 404 when a retry finds the thing gone already).
 */
export async function callNms<T = unknown>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  opts: { accept?: readonly number[] } = {},
): Promise<NmsResponse<T>> {
  const { nmsUrl, timeoutMs } = nmsSettings();
  const url = `${nmsUrl}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
    throw new NmsError(
      `NMS ${method} ${url} failed: ${reason} (is the NMS running at NMS_URL=${nmsUrl}?)`,
      method,
      url,
    );
  }
  const text = await response.text();
  if (!response.ok && !opts.accept?.includes(response.status)) {
    const excerpt = text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text;
    throw new NmsError(
      `NMS ${method} ${url} answered ${response.status}: ${excerpt || '(no body)'}`,
      method,
      url,
      response.status,
      excerpt,
    );
  }
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}
