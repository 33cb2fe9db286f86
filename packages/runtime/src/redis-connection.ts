import { Cluster, Redis, type ClusterNode, type RedisOptions } from 'ioredis';

/** A connection to a single Redis or to a Redis Cluster: BullMQ, the locks and the health check take either. */
export type RedisConnection = Redis | Cluster;

/** Where Redis is: one server (`redis://…`, `rediss://…`), or seed nodes of a Redis Cluster (one is enough). */
export type RedisTarget = { readonly url: string } | { readonly clusterNodes: readonly string[] };

export interface RedisConnectionOptions {
  /**
   * While Redis is unreachable, fail a command after a short wait (≤ `commandTimeoutMs`) instead of holding it until
   * Redis is back. For request/response processes (the API): a request answers 503 instead of hanging, and the
   * commands waiting in memory stay few. Workers' connections wait (their jobs cannot progress anyway).
   * @defaultValue false
   */
  readonly failFast?: boolean;
}

/** How long a fail-fast command may wait for a reply (a reconnect included). */
export const FAIL_FAST_COMMAND_TIMEOUT_MS = 3_000;

/** Redis Cluster needs BullMQ's keys of one queue in one slot: the prefix must hold a hash tag such as `{wfo}`. */
export function assertClusterPrefix(prefix: string): void {
  if (!/\{[^}]+\}/.test(prefix)) {
    throw new Error(
      `The queue prefix "${prefix}" has no hash tag: on Redis Cluster every key of a queue must share a slot. ` +
        'Use a prefix in braces, such as {wfo} (WFO_QUEUE_PREFIX).',
    );
  }
}

function optionsFor(opts: RedisConnectionOptions): RedisOptions {
  return opts.failFast
    ? // One reconnection attempt per command, then it fails: nothing piles up in memory during an outage.
      { maxRetriesPerRequest: 1, commandTimeout: FAIL_FAST_COMMAND_TIMEOUT_MS }
    : // BullMQ's requirement for workers: commands wait for the connection to come back.
      { maxRetriesPerRequest: null };
}

/** Credentials and TLS of a `redis://` / `rediss://` URL, for the nodes of a cluster. */
function urlOptions(url: string): { node: ClusterNode; options: RedisOptions } {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`Not a redis:// or rediss:// URL: ${parsed.protocol}//${parsed.host}`);
  }
  return {
    node: { host: parsed.hostname, port: Number(parsed.port || 6379) },
    options: {
      ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
      ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
      ...(parsed.protocol === 'rediss:' ? { tls: { servername: parsed.hostname } } : {}),
    },
  };
}

/** A new connection to the target. Each BullMQ worker needs one of its own; everything else may share one. */
export function connectRedis(target: RedisTarget, opts: RedisConnectionOptions = {}): RedisConnection {
  if ('url' in target) return new Redis(target.url, optionsFor(opts));
  if (target.clusterNodes.length === 0) throw new Error('A Redis Cluster needs at least one node URL');
  const seeds = target.clusterNodes.map(urlOptions);
  return new Cluster(
    seeds.map((s) => s.node),
    {
      // Every node shares the first URL's credentials and TLS settings.
      redisOptions: { ...seeds[0]!.options, ...optionsFor(opts) },
      // Managed clusters behind TLS announce node addresses that only resolve as given.
      dnsLookup: (address, callback) => callback(null, address),
    },
  );
}

/** The connection's nodes a SCAN must visit: every master of a cluster, or the one server. */
export function scanNodes(connection: RedisConnection): Redis[] {
  return connection instanceof Cluster ? connection.nodes('master') : [connection];
}

const REDIS_UNAVAILABLE =
  /Stream isn't writeable|Connection is closed|Command timed out|max retries per request|CLUSTERDOWN|TRYAGAIN|^LOADING|Failed to refresh slots cache|None of startup nodes is available/i;

/** Errors of a Redis that is unreachable, restarting or loading its data: they go away by themselves. */
export function isRedisUnavailableError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { name, message, code } = err as { name?: unknown; message?: unknown; code?: unknown };
  if (name === 'MaxRetriesPerRequestError' || name === 'ClusterAllFailedError') return true;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT') return true;
  return typeof message === 'string' && REDIS_UNAVAILABLE.test(message);
}
