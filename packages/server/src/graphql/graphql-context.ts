import type { PrismaClient } from '@wfo/db';
import type { Logger, User, Workflow } from '@wfo/engine';
import type { GraphqlLoaders } from './graphql-loaders';
import type { ScheduledTaskSource } from './scheduled-tasks';

/** A subscription's domain model as the REST domain-model endpoint shows it (with in-use-by relations). */
export type LoadDomainModel = (subscriptionId: string) => Promise<Record<string, unknown>>;

/** What every resolver of one GraphQL request gets. */
export interface GraphqlContext {
  readonly prisma: PrismaClient;
  readonly workflows: ReadonlyMap<string, Workflow>;
  readonly logger: Logger;
  /** The caller; `null` when anonymous (authentication off). */
  readonly user: User | null;
  readonly exactCountLimit: number;
  readonly loaders: GraphqlLoaders;
  /** Without it (an app without domain models), subscriptions list no product block instances. */
  readonly loadDomainModel?: LoadDomainModel;
  readonly scheduledTasks: ScheduledTaskSource;
}
