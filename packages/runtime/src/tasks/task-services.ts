import type { PrismaClient } from '@wfo/db';
import type { ProductDefinition } from '@wfo/domain';
import type { ProcessService } from '../process-service';
import type { StepQueue } from '../step-queue';
import type { WorkflowRegistry } from '../workflow-registry';
import type { Translations } from './translations';

/** What the built-in tasks' steps use: the runtime of the process running them. */
export interface TaskServices {
  readonly prisma: PrismaClient;
  readonly processes: ProcessService;
  readonly queue: StepQueue;
  readonly workflows: WorkflowRegistry;
  readonly products: readonly ProductDefinition[];
  /** The application's translations, by language (checked by `task_validate_products`). */
  readonly translations: Readonly<Record<string, Translations>>;
  /** `task_clean_up_tasks` removes completed tasks older than this. @defaultValue 3 */
  readonly taskLogRetentionDays: number;
  /** `task_validate_subscriptions` validates out-of-sync subscriptions too. @defaultValue false */
  readonly validateOutOfSyncSubscriptions: boolean;
  /** Epoch seconds. */
  readonly now: () => number;
}

/**
 * The built-in tasks are defined before the runtime that runs them exists (the registry is built first): they
 * reach their services through this holder, which `createRuntime` fills.
 */
export class TaskServicesHolder {
  private services: TaskServices | undefined;

  set(services: TaskServices): void {
    this.services = services;
  }

  get(): TaskServices {
    if (!this.services) throw new Error('The built-in tasks run only inside a WFO runtime (createRuntime)');
    return this.services;
  }
}
