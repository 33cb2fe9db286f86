import { createPrisma, createTestDatabase, type PrismaClient, type TestDatabase } from '@wfo/db';
import {
  DomainFormServices,
  linkProcess,
  ProductCatalog,
  saveSubscriptions,
  SubscriptionRepository,
  type ProductDefinition,
} from '@wfo/domain';
import { failed, toErrorState, type FormContext, type StepResult, type Workflow } from '@wfo/engine';
import { modelsIn, savesModels } from '../model-checkpoint';
import { applicationWorkflows, registerApplication } from '../workflow-registry';

/** What the testing helpers need of an application to give its workflows subscriptions: `defineOrchestrator`'s result fits. */
export interface TestApplication {
  readonly workflows: readonly Workflow[];
  readonly products?: readonly ProductDefinition[];
}

/**
 * Subscriptions for workflows run by the testing helpers: a throwaway database of their own (a clone of the migrated
 * template, on the Postgres server of `DATABASE_URL`, default 127.0.0.1:5432), with the application's workflows
 * and products registered, so models are saved and loaded by the very code the runtime uses, with the same rules
 * (lifecycle validation, relations, what blocks termination). See ADR 0011.
 */
export class TestSubscriptionStore {
  private constructor(
    private readonly db: TestDatabase,
    private readonly prisma: PrismaClient,
    private readonly catalog: ProductCatalog,
    private readonly repository: SubscriptionRepository,
    private readonly formServices: DomainFormServices,
  ) {}

  static async create(app: TestApplication): Promise<TestSubscriptionStore> {
    const db = await createTestDatabase();
    const prisma = createPrisma({ databaseUrl: db.url, poolSize: 2 });
    try {
      const products = app.products ?? [];
      await registerApplication(prisma, applicationWorkflows(app.workflows), products);
      const catalog = new ProductCatalog(prisma, products);
      return new TestSubscriptionStore(
        db,
        prisma,
        catalog,
        new SubscriptionRepository(prisma, catalog),
        new DomainFormServices(prisma, catalog),
      );
    } catch (err) {
      await prisma.$disconnect();
      await db.drop();
      throw err;
    }
  }

  /** Record a process (subscriptions are linked to it, as in the runtime). */
  async addProcess(processId: string, workflow: Workflow, user: string): Promise<void> {
    const inserted = await this.prisma.$executeRaw`
      INSERT INTO processes (pid, workflow_id, last_status, created_by, is_task, acting_user)
      SELECT ${processId}::uuid, workflow_id, 'created', ${user}, is_task, ${user} FROM workflows WHERE name = ${workflow.key}`;
    if (inserted === 0) {
      throw new Error(
        `Workflow "${workflow.key}" is not among the workflows of the application given to the testing helpers`,
      );
    }
  }

  formContext(): Promise<FormContext> {
    return this.formServices.formContext();
  }

  subscriptionsFor(processId: string, workflow: Workflow): SubscriptionRepository {
    return this.repository.forProcess({ processId, workflowTarget: workflow.target });
  }

  /**
   * Save the models a step returned, as the checkpoint does (one transaction), and give back the outcome with its
   * state as stored (JSON, the models' new versions included). What the database refuses fails the step instead.
   */
  async saveModels(processId: string, workflow: Workflow, outcome: StepResult): Promise<StepResult> {
    const models = savesModels(outcome) ? modelsIn(outcome.state) : [];
    if (models.length === 0) return outcome;
    try {
      await this.prisma.$transaction(async (tx) => {
        await saveSubscriptions(tx, this.catalog, models);
        for (const model of models) await linkProcess(tx, processId, model.subscription_id, workflow.target);
      });
    } catch (err) {
      return failed(toErrorState(err));
    }
    return { ...outcome, state: JSON.parse(JSON.stringify(outcome.state)) as StepResult['state'] };
  }

  async close(): Promise<void> {
    await this.prisma.$disconnect();
    await this.db.drop();
  }
}
