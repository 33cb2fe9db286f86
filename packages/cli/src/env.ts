import { z } from 'zod';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'True', 'False'])
  .transform((v) => ['true', '1', 'yes', 'True'].includes(v));

const positiveInt = z.coerce.number().int().positive();

/**
 * Every setting WFO reads from the environment, parsed once at boot; a bad value stops the process with every
 * problem listed. This is the only place that reads `process.env`.
 */
export const EnvSchema = z
  .object({
    /** Postgres. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
      .optional(),
    /** Redis (BullMQ, locks). */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// URL')
      .optional(),
    /**
     * A Redis Cluster instead of one Redis: seed node URLs separated by commas (`redis://host:7000,redis://host:7001`;
     * one is enough, e.g. a managed cluster's configuration endpoint). Every node uses the first URL's credentials.
     */
    REDIS_CLUSTER_NODES: z
      .string()
      .regex(/^rediss?:\/\/[^,\s]+(,\s*rediss?:\/\/[^,\s]+)*$/, 'must be redis:// URLs separated by commas')
      .optional(),
    /** HTTP port of `wfo api`. */
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    /** Address the API listens on. */
    HOST: z.string().default('0.0.0.0'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    /** `false` turns authentication off (as in orchestrator-core). Default: true, except for `wfo dev`. */
    OAUTH2_ACTIVE: booleanString.optional(),
    /** Static API tokens, `token=user name` pairs separated by commas, accepted as `Authorization: Bearer <token>`. */
    WFO_API_TOKENS: z.string().optional(),
    /** User names allowed on the Bull dashboard (which can retry and remove any job), separated by commas. Default: every authenticated user. */
    WFO_DASHBOARD_USERS: z.string().optional(),
    /** BullMQ queue name and key prefix (braces make the prefix a Redis Cluster hash tag). */
    WFO_QUEUE_NAME: z.string().min(1).default('wfo-steps'),
    WFO_QUEUE_PREFIX: z.string().min(1).default('{wfo}'),
    /** How often dead workers' jobs are looked for. */
    WFO_STALLED_INTERVAL_MS: positiveInt.default(30_000),
    /** How long a step job's lock lasts without renewal: a dead worker's step runs again after at most this plus the stalled interval. */
    WFO_LOCK_DURATION_MS: positiveInt.default(30_000),
    /** How often each worker's reconciler runs, and how long a process must lack a job before it acts. */
    WFO_RECONCILE_INTERVAL_MS: positiveInt.default(10_000),
    WFO_RECONCILE_GRACE_MS: positiveInt.default(5_000),
    /** Automatic attempts of a failing retry step, and the first backoff (doubling). */
    WFO_RETRY_ATTEMPTS: positiveInt.default(5),
    WFO_RETRY_BACKOFF_MS: positiveInt.default(2_000),
    /** How long running steps may finish on SIGTERM before they are released to other workers. */
    WFO_SHUTDOWN_GRACE_MS: positiveInt.default(25_000),
    /** Postgres connections per process. */
    WFO_DB_POOL_SIZE: positiveInt.default(10),
    /** A process state above this many bytes (as JSON) logs a warning; above the maximum, the step fails. */
    WFO_STATE_WARN_BYTES: positiveInt.default(1024 * 1024),
    WFO_STATE_MAX_BYTES: positiveInt.default(16 * 1024 * 1024),
    /** Requests the API answers at once; more are refused with 429 and Retry-After (load shedding). */
    WFO_MAX_CONCURRENT_REQUESTS: positiveInt.default(1000),
    /** Largest accepted JSON body. */
    WFO_BODY_LIMIT: z.string().default('1mb'),
    /** The OIDC issuer's `.well-known/openid-configuration` (as oauth2-lib): bearer JWTs are checked against its JWKS. */
    OIDC_CONF_URL: z.url({ message: 'must be the URL of an openid-configuration document' }).optional(),
    /** The audience every JWT must carry (oauth2-lib's resource server id). Required with OIDC_CONF_URL. */
    OAUTH2_RESOURCE_SERVER_ID: z.string().min(1).optional(),
    /** Cross-origin access (the stock UI runs on another origin), comma-separated; `*` allows any origin. */
    CORS_ORIGINS: z.string().default('*'),
    CORS_ALLOW_METHODS: z.string().default('GET,PUT,PATCH,POST,DELETE,OPTIONS'),
    CORS_ALLOW_HEADERS: z.string().default('Content-Type,Authorization,If-None-Match'),
    CORS_EXPOSE_HEADERS: z.string().default('Content-Range,ETag'),
    /** A folder of `<lang>.json` files merged into `GET /api/translations/{lang}`. */
    TRANSLATIONS_DIR: z.string().min(1).optional(),
    /** Declare orchestrator-core's initial schedule (resume, clean-up, validations, callback timeouts). */
    WFO_INITIAL_SCHEDULE: booleanString.default(true),
    /** `task_clean_up_tasks` removes completed tasks older than this many days. */
    TASK_LOG_RETENTION_DAYS: positiveInt.default(3),
    /** `task_validate_subscriptions` also validates subscriptions that are out of sync. */
    VALIDATE_OUT_OF_SYNC_SUBSCRIPTIONS: booleanString.default(false),
    /**
     * Where `wfo dev` keeps the Postgres it starts when none is configured (`<dir>/postgres`) and the services file
     * that lets the other `wfo` commands on this machine find its Postgres and Redis (`<dir>/services.json`).
     */
    WFO_DEV_DIR: z.string().min(1).default('.wfo'),
  })
  .refine((env) => !env.OIDC_CONF_URL || env.OAUTH2_RESOURCE_SERVER_ID, {
    message: 'OAUTH2_RESOURCE_SERVER_ID (the audience tokens must carry) is required with OIDC_CONF_URL',
    path: ['OAUTH2_RESOURCE_SERVER_ID'],
  });

export type Env = z.infer<typeof EnvSchema>;

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/wfo';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Parse the environment; throws one error listing every bad variable. An empty variable counts as unset. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = EnvSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, value]) => value !== '')));
  if (result.success) {
    const problems: string[] = [];
    if (result.data.REDIS_URL && result.data.REDIS_CLUSTER_NODES) {
      problems.push('  REDIS_CLUSTER_NODES: set REDIS_URL or REDIS_CLUSTER_NODES, not both');
    }
    if (result.data.WFO_STATE_WARN_BYTES > result.data.WFO_STATE_MAX_BYTES) {
      problems.push('  WFO_STATE_WARN_BYTES: must not be above WFO_STATE_MAX_BYTES');
    }
    if (problems.length > 0) throw new Error(`Invalid environment:\n${problems.join('\n')}`);
    return result.data;
  }
  const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
  throw new Error(`Invalid environment:\n${problems}`);
}

/** `REDIS_CLUSTER_NODES` → the node URLs; undefined for a single Redis. */
export function clusterNodesOf(env: Pick<Env, 'REDIS_CLUSTER_NODES'>): string[] | undefined {
  return env.REDIS_CLUSTER_NODES?.split(',').map((url) => url.trim());
}

/** `WFO_API_TOKENS` → token → user name. */
export function parseApiTokens(value: string | undefined): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const pair of (value ?? '').split(',')) {
    const trimmed = pair.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0 || eq === trimmed.length - 1)
      throw new Error('WFO_API_TOKENS: use token=user pairs separated by commas');
    tokens.set(trimmed.slice(0, eq), trimmed.slice(eq + 1));
  }
  return tokens;
}
