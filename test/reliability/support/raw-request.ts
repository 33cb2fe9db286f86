// HTTP exactly as given: a raw path and query (bad percent-encodings, NUL bytes), any content type, any body bytes.
import http from 'node:http';

export interface RawRequest {
  readonly method: string;
  /** Path and query as sent on the wire, e.g. `/api/processes/%ZZ?range=10,5`. */
  readonly target: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
}

export function rawRequest(baseUrl: string, req: RawRequest, timeoutMs = 20_000): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        hostname,
        port,
        method: req.method,
        path: req.target,
        headers: {
          ...(req.body === undefined ? {} : { 'content-length': Buffer.byteLength(req.body) }),
          ...req.headers,
        },
        // Node refuses paths with characters it considers unsafe; the wire format is what we test.
        insecureHTTPParser: true,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}
