import { execute, getOperationAST, GraphQLError, parse, specifiedRules, validate, type DocumentNode } from 'graphql';
import { z } from 'zod';
import { resolveAppOptions, type RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { HttpError } from '../http/http-error';
import { depthLimit } from './depth-limit';
import type { LoadDomainModel } from './graphql-context';
import { GraphqlLoaders } from './graphql-loaders';
import { graphqlSchema } from './graphql-schema';
import { queryRoot } from './query-root';
import { NO_SCHEDULED_TASKS, type ScheduledTaskSource } from './scheduled-tasks';

export const GRAPHQL_PATH = '/api/graphql';
const MAX_DEPTH = 12;

const GraphqlRequestBody = z
  .object({
    query: z.string().min(1).meta({ description: 'The GraphQL document' }),
    operationName: z.string().nullish(),
    variables: z.record(z.string(), z.unknown()).nullish(),
    extensions: z.record(z.string(), z.unknown()).nullish(),
  })
  .meta({ id: 'GraphqlRequest' });

const GraphqlErrorSchema = z.object({
  message: z.string(),
  locations: z.array(z.object({ line: z.number(), column: z.number() })).optional(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
  extensions: z.record(z.string(), z.unknown()).optional(),
});

const GraphqlResponse = z
  .object({ data: z.unknown().optional(), errors: z.array(GraphqlErrorSchema).optional() })
  .meta({ id: 'GraphqlResponse' });

export interface GraphqlOptions {
  /** The domain model JSON of a subscription, for `productBlockInstances`. */
  readonly loadDomainModel?: LoadDomainModel;
  /** @defaultValue no scheduled tasks */
  readonly scheduledTasks?: ScheduledTaskSource;
}

/**
 * `POST /api/graphql`: orchestrator-core's read schema for the stock UI (see `type-defs.ts`). A malformed or invalid
 * document answers 400 with GraphQL `errors`; errors while resolving answer 200 with the partial `data` and
 * `errors`, as GraphQL does (a bad filter or sort names the field, as the REST lists do); unexpected ones are
 * logged and reported as "Internal server error".
 */
export function graphqlRoutes(opts: GraphqlOptions = {}): RouteModule {
  return (deps) => {
    const { prisma, workflows, logger } = deps;
    const { exactCountLimit } = resolveAppOptions(deps.options);
    const schema = graphqlSchema();
    const rules = [...specifiedRules, depthLimit(MAX_DEPTH)];
    return [
      defineRoute({
        method: 'post',
        path: GRAPHQL_PATH,
        summary: 'GraphQL (the reads of the stock orchestrator UI)',
        description:
          "orchestrator-core's GraphQL queries: processes, subscriptions, products, productBlocks, resourceTypes, " +
          'workflows, customers, scheduledTasks and version, with offset-paged connections, `filterBy`/`sortBy` ' +
          'and free-text `query`. No mutations: writes are REST.',
        tags: ['GraphQL'],
        body: GraphqlRequestBody,
        responses: {
          200: { description: 'The result, with `errors` for fields that failed', schema: GraphqlResponse },
          400: { description: 'A document that does not parse or validate', schema: GraphqlResponse },
        },
        handler: async ({ body, user, res }) => {
          let document: DocumentNode;
          try {
            document = parse(body.query);
          } catch (err) {
            res.status(400).json({ errors: [toJson(err as GraphQLError)] });
            return;
          }
          const invalid = validate(schema, document, rules);
          if (invalid.length > 0) {
            res.status(400).json({ errors: invalid.map(toJson) });
            return;
          }
          const operation = getOperationAST(document, body.operationName);
          const kind: string | undefined = operation?.operation;
          if (kind !== 'query') {
            const message = kind
              ? `Only queries are served here, not a ${kind}: writes go through the REST API`
              : 'Name the operation to run (operationName): the document has none or several';
            res.status(400).json({ errors: [{ message }] });
            return;
          }
          const result = await execute({
            schema,
            document,
            rootValue: queryRoot,
            operationName: body.operationName ?? undefined,
            variableValues: body.variables ?? undefined,
            contextValue: {
              prisma,
              workflows,
              logger,
              user,
              exactCountLimit,
              loaders: new GraphqlLoaders({ prisma, workflows, logger }),
              loadDomainModel: opts.loadDomainModel,
              scheduledTasks: opts.scheduledTasks ?? NO_SCHEDULED_TASKS,
            },
          });
          const errors = result.errors?.map((error) => {
            const cause = error.originalError;
            if (!cause || cause instanceof GraphQLError || (cause instanceof HttpError && cause.status < 500)) {
              return toJson(error);
            }
            logger.error('GraphQL field failed', { path: error.path?.join('.'), error: cause.message });
            return toJson(new GraphQLError('Internal server error', { path: error.path, nodes: error.nodes }));
          });
          return errors ? { data: result.data, errors } : { data: result.data };
        },
      }),
    ];
  };
}

function toJson(error: GraphQLError): z.output<typeof GraphqlErrorSchema> {
  const { message, locations, path, extensions } = error.toJSON();
  return {
    message,
    ...(locations ? { locations: [...locations] } : {}),
    ...(path ? { path: [...path] } : {}),
    ...(extensions && Object.keys(extensions).length > 0 ? { extensions } : {}),
  };
}
