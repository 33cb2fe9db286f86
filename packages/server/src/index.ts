/**
 * `@wfo/server`: the HTTP API (orchestrator-core's REST contract) as an Express app factory.
 *
 * ```ts
 * const app = createApp({ prisma, redis, workflows, logger, routers: [myRoutes], dashboard: { queues } });
 * app.listen(8080);
 *
 * const myRoutes: RouteModule = ({ prisma }) => [
 *   defineRoute({
 *     method: 'get', path: '/api/things/:id', summary: 'Get a thing', tags: ['Things'],
 *     params: z.object({ id: uuidParam }),
 *     responses: { 200: { description: 'The thing', schema: ThingSchema } },
 *     handler: ({ params }) => findThing(prisma, params.id),
 *   }),
 * ];
 * ```
 */
export { createApp, CORE_ROUTE_MODULES } from './app';
export {
  resolveAppOptions,
  type AppDependencies,
  type AppOptions,
  type ResolvedAppOptions,
  type RouteModule,
} from './app-dependencies';
export {
  defineRoute,
  pathParamNames,
  type HttpMethod,
  type ResponseSpec,
  type RouteContext,
  type RouteDefinition,
  type RouteSpec,
} from './http/define-route';
export { HttpError, type HttpErrorOptions } from './http/http-error';
export { logSafePath } from './http/log-safe-path';
export { CONTENT_SECURITY_POLICY, securityHeaders } from './http/security-headers';
export { problemDetail, reasonPhrase, type ProblemDetail } from './http/problem-detail';
export { getUser, type Authenticate } from './http/authentication';
export { reporterQuery, resolveUserName } from './http/reporter';
export { buildOpenApiDocument, openApiPath, type OpenApiDocument } from './openapi/openapi-document';
export { DASHBOARD_PATH } from './dashboard/bull-board-router';
export { API_DOCS_PATH } from './openapi/api-docs';
export { healthRoutes } from './health/health-routes';
export { processReadRoutes } from './processes/process-read-routes';
export { workflowRoutes } from './workflows/workflow-routes';
export { listQuerySchema, type ListQuery } from './list-query/list-query-schema';
export { ProblemDetailSchema } from './schemas/problem-detail-schema';
export { epochSeconds, jsonObject, uuidParam, uuidString } from './schemas/scalars';
export {
  ProcessSchema,
  ProcessStatusCountsSchema,
  ProcessStatusSchema,
  ProcessStepSchema,
  type ProcessJson,
  type ProcessStepJson,
} from './schemas/process-schema';
export { ProductBaseSchema, SubscriptionSchema, type SubscriptionJson } from './schemas/subscription-schema';
export { WorkflowSchema, type WorkflowJson } from './schemas/workflow-schema';
export { loadProcessDetail } from './processes/load-process-detail';
export { createWfoApp, type WfoAppOptions } from './wfo-app';
export { type ExposedSettings } from './commands/settings-overview-routes';
export { staticTokenAuthentication } from './http/static-token-authentication';
export { subscriptionListRoutes } from './subscriptions/subscription-list-routes';
export { listSubscriptions } from './subscriptions/list-subscriptions';
export { parseListQuery, type ParsedListQuery } from './list-query/list-page';
export { subscriptionListResource } from './subscriptions/subscription-list-resource';
export {
  SubscriptionListItemSchema,
  type SubscriptionListItemJson,
} from './subscriptions/subscription-list-item-schema';
export { productRoutes } from './products/product-routes';
export { findProduct, listProducts } from './products/product-queries';
export { ProductLifecycleSchema, type ProductLifecycle } from './products/product-lifecycle';
export { FixedInputSchema, ProductSchema, type FixedInputJson, type ProductJson } from './products/product-schema';
export { productBlockRoutes } from './metadata/product-block-routes';
export { resourceTypeRoutes } from './metadata/resource-type-routes';
export { workflowPatchRoutes } from './metadata/workflow-patch-routes';
export { ProductBlockSchema, type ProductBlockJson } from './metadata/product-block-schema';
export { ResourceTypeSchema, type ResourceTypeJson } from './metadata/resource-type-schema';
export { customerDescriptionRoutes } from './customer-descriptions/customer-description-routes';
export {
  SubscriptionDescriptionSchema,
  type SubscriptionDescriptionJson,
} from './customer-descriptions/customer-description-schema';
export { bearerAuthentication, bearerTokenOf, verifyWithAny, type TokenVerifier } from './http/bearer-token';
export { staticTokenVerifier } from './http/static-token-authentication';
export { oidcTokenVerifier, type OidcOptions } from './http/oidc-token-verifier';
export { checkPolicy, type PolicyRequest, type RoutePolicy } from './http/route-policy';
export {
  attachLiveEvents,
  EVENTS_PATH,
  WS_STATUS_PATH,
  type LiveEventsWebSocketOptions,
} from './live-events/live-events-websocket';
export { metricsRoutes, type MetricsSources } from './metrics/metrics-routes';
export { scheduleRoutes, ScheduleSchema } from './schedules/schedule-routes';
export { searchIndexRoutes } from './commands/search-index-routes';
export { translationRoutes, type TranslationSources } from './translations/translation-routes';
export { graphqlRoutes, GRAPHQL_PATH, type GraphqlOptions } from './graphql/graphql-routes';
export { APPLICATION_VERSIONS } from './graphql/query-root';
export type { ScheduledTask, ScheduledTaskSource } from './graphql/scheduled-tasks';
export type { Connection, ConnectionArgs, PageInfo } from './graphql/connection';
export { searchRoutes } from './search/search-routes';
