// The UI server: serves the built Next.js app, and forwards the browser's API calls and websocket to WFO, so the
// browser talks to one origin and WFO needs no CORS setup. Plain JavaScript: it runs without a compile step.
'use strict';
const http = require('node:http');
const path = require('node:path');
const next = require('next');

const API_PREFIX = '/api/';
const OWN_API_PREFIX = '/api/auth/'; // next-auth's routes, served here

/** A request for WFO: `/api/…` except next-auth's own routes. */
function isWfoPath(url) {
  return url.startsWith(API_PREFIX) && !url.startsWith(OWN_API_PREFIX);
}

/** The request's headers for the upstream request: Host becomes WFO's, the rest passes (Authorization included). */
function upstreamHeaders(req, target) {
  return { ...req.headers, host: target.host, 'x-forwarded-host': req.headers.host, 'x-forwarded-proto': 'http' };
}

function forward(req, res, target) {
  const upstream = http.request(
    {
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: upstreamHeaders(req, target),
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    if (res.headersSent) return res.destroy();
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ detail: `WFO at ${target.origin} did not answer: ${err.message}`, status: 502 }));
  });
  req.pipe(upstream);
}

/** A websocket upgrade to WFO: once WFO switches protocols, the two sockets are piped together. */
function forwardUpgrade(req, socket, head, target) {
  const upstream = http.request({
    host: target.hostname,
    port: target.port,
    method: 'GET',
    path: req.url,
    headers: upstreamHeaders(req, target),
  });
  upstream.on('upgrade', (answer, upstreamSocket, upstreamHead) => {
    const lines = [`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}`];
    for (let i = 0; i < answer.rawHeaders.length; i += 2)
      lines.push(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (upstreamHead.length > 0) socket.write(upstreamHead);
    if (head.length > 0) upstreamSocket.write(head);
    upstreamSocket.pipe(socket).pipe(upstreamSocket);
    upstreamSocket.on('error', () => socket.destroy());
    socket.on('error', () => upstreamSocket.destroy());
  });
  // WFO answered without upgrading (404 without websocket support, 401…): pass the answer on and close.
  upstream.on('response', (answer) => {
    socket.end(
      `HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
    );
  });
  upstream.on('error', () => socket.destroy());
  upstream.end();
}

async function main() {
  const target = new URL(process.env.WFO_URL ?? 'http://127.0.0.1:8080');
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '0.0.0.0';
  const app = next({ dev: false, dir: __dirname });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    if (isWfoPath(req.url ?? '')) forward(req, res, target);
    else void handle(req, res);
  });
  server.on('upgrade', (req, socket, head) => {
    if (isWfoPath(req.url ?? '')) forwardUpgrade(req, socket, head, target);
    else socket.destroy();
  });
  server.listen(port, host, () => {
    const address = server.address();
    console.log(
      `WFO UI listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${address.port} (WFO at ${target.origin})`,
    );
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(`The WFO UI could not start: ${err.message}`);
  if (/Could not find a production build/.test(err.message))
    console.error(`Build it first: npm run ui (in ${path.resolve(__dirname, '../..')})`);
  process.exit(1);
});
