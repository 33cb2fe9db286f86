import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger, User } from '@wfo/engine';
import type { EngineStatus, EventSubscriber, LiveEventBatch } from '@wfo/runtime';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkPolicy, type RoutePolicy } from '../http/route-policy';

/** The websocket paths (reference §3.4): the UI's invalidation channel, and the engine status channel. */
export const EVENTS_PATH = '/api/ws/events';
export const WS_STATUS_PATH = '/api/settings/ws-status';

/** orchestrator-core's subprotocol: the browser offers `["base64.bearer.token", <JWT>]`. */
const AUTH_SUBPROTOCOL = 'base64.bearer.token';

export interface LiveEventsWebSocketOptions {
  readonly subscriber: EventSubscriber;
  /** Checks a token (the API's verifiers); absent when authentication is off. */
  readonly verifyToken?: (token: string) => Promise<User>;
  readonly policy?: RoutePolicy;
  readonly engineStatus: () => Promise<EngineStatus>;
  readonly logger: Logger;
}

/**
 * Serve the websockets on the API's HTTP server. `/api/ws/events` relays the live events every worker and API
 * instance publishes, one `{"name":"invalidateCache","value":…}` frame each, and answers `__ping__` with
 * `__pong__`. `/api/settings/ws-status` sends `{"engine-status": …}` at once and at every pause or unpause.
 *
 * Authentication, when on: the token comes as the second `Sec-WebSocket-Protocol` value. No token at all answers
 * the upgrade with 401; a header of another shape is accepted and closed with 1002; a token that does not verify
 * (or a policy that says no) is accepted and closed with 1008, as orchestrator-core does.
 */
export function attachLiveEvents(server: Server, opts: LiveEventsWebSocketOptions): { close(): void } {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has(AUTH_SUBPROTOCOL) ? AUTH_SUBPROTOCOL : false),
  });
  const events = new Set<WebSocket>();
  const statuses = new Set<WebSocket>();
  const stopListening = opts.subscriber.listen((batch) => relay(batch, events, statuses));
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0]!.replace(/\/$/, '');
    if (path !== EVENTS_PATH && path !== WS_STATUS_PATH) {
      // Another handler's path (or nobody's: then answer, instead of leaving the socket hanging).
      if (server.listenerCount('upgrade') === 1) refuse(socket, 404, 'Not Found');
      return;
    }
    const offered = req.headers['sec-websocket-protocol'];
    if (opts.verifyToken && !offered) {
      refuse(socket, 401, 'Unauthorized');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Listen at once: the UI pings as soon as the socket opens, before the token is checked.
      ws.on('message', (data) => {
        if (Buffer.isBuffer(data) && data.toString() === '__ping__') ws.send('__pong__');
      });
      void admit(ws, offered, path).then((ok) => {
        if (!ok) return;
        const clients = path === EVENTS_PATH ? events : statuses;
        clients.add(ws);
        ws.on('close', () => clients.delete(ws));
        ws.on('error', () => clients.delete(ws));
        if (path === WS_STATUS_PATH) {
          opts
            .engineStatus()
            .then((status) => ws.send(JSON.stringify({ 'engine-status': status })))
            .catch((err: unknown) => opts.logger.warn('Could not read the engine status', { error: String(err) }));
        }
      });
    });
  };

  const admit = async (ws: WebSocket, offered: string | undefined, path: string): Promise<boolean> => {
    if (!opts.verifyToken) return true;
    const parts = (offered ?? '').split(',').map((p) => p.trim());
    if (parts.length !== 2 || parts[0] !== AUTH_SUBPROTOCOL || !parts[1]) {
      ws.close(1002, `Sec-WebSocket-Protocol must be "${AUTH_SUBPROTOCOL}, <token>"`);
      return false;
    }
    try {
      const user = await opts.verifyToken(parts[1]);
      await checkPolicy(opts.policy, { method: 'GET', path, user });
      return true;
    } catch (err) {
      ws.close(1008, err instanceof Error ? err.message.slice(0, 120) : 'Not authorized');
      return false;
    }
  };

  server.on('upgrade', onUpgrade);
  return {
    close() {
      server.off('upgrade', onUpgrade);
      stopListening();
      for (const ws of [...events, ...statuses]) ws.close(1001, 'Shutting down');
      wss.close();
    },
  };
}

function relay(batch: LiveEventBatch, events: ReadonlySet<WebSocket>, statuses: ReadonlySet<WebSocket>): void {
  if (events.size > 0) {
    const frames = batch.invalidations.map((value) => JSON.stringify({ name: 'invalidateCache', value }));
    for (const ws of events) for (const frame of frames) ws.send(frame);
  }
  if (batch.engineStatus && statuses.size > 0) {
    const frame = JSON.stringify({ 'engine-status': batch.engineStatus });
    for (const ws of statuses) ws.send(frame);
  }
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
