import { createPrisma, createTestDatabase, type PrismaClient, type TestDatabase } from '@wfo/db';
import type { Workflow } from '@wfo/engine';
import type { Express } from 'express';
import { createApp, type AppDependencies } from '../../src';
import { testLogger, type LoggedLine } from './test-logger';

export interface TestApp {
  readonly app: Express;
  readonly prisma: PrismaClient;
  readonly logLines: LoggedLine[];
  /** Another app over the same database, with other dependencies or options. */
  with(overrides: Partial<AppDependencies>): Express;
  close(): Promise<void>;
}

/**
 * An app over a fresh migrated database of its own (one per test file), checking every response against its
 * documented schema. Redis answers through a stub unless a test overrides it.
 */
export async function startTestApp(workflows: ReadonlyMap<string, Workflow> = new Map()): Promise<TestApp> {
  const db: TestDatabase = await createTestDatabase();
  const prisma = createPrisma({ databaseUrl: db.url, poolSize: 4 });
  const logger = testLogger();
  const deps: AppDependencies = {
    prisma,
    redis: { ping: async () => 'PONG' },
    workflows,
    logger,
    options: { validateResponses: true },
  };
  return {
    app: createApp(deps),
    prisma,
    logLines: logger.lines,
    with: (overrides) => createApp({ ...deps, ...overrides, options: { ...deps.options, ...overrides.options } }),
    close: async () => {
      await prisma.$disconnect();
      await db.drop();
    },
  };
}
