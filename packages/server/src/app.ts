import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import { resolveAppOptions, type AppDependencies, type RouteModule } from './app-dependencies';
import { bullBoardRouter, DASHBOARD_PATH } from './dashboard/bull-board-router';
import { healthRoutes } from './health/health-routes';
import { authenticationMiddleware, getUser } from './http/authentication';
import { HttpError } from './http/http-error';
import { bodyParsers } from './http/body-parsers';
import { concurrencyLimit } from './http/concurrency-limit';
import { errorHandler } from './http/error-handler';
import { methodNotAllowedHandler, notFoundHandler } from './http/not-found';
import { routeHandler } from './http/route-handler';
import { policyMiddleware } from './http/route-policy';
import { securityHeaders } from './http/security-headers';
import { RouteRegistry } from './http/route-registry';
import { API_DOCS_PATH, apiDocsRouter } from './openapi/api-docs';
import { openApiRoutes } from './openapi/openapi-document';
import { processReadRoutes } from './processes/process-read-routes';
import { workflowRoutes } from './workflows/workflow-routes';

/** The route modules every app has; `deps.routers` adds to them. */
export const CORE_ROUTE_MODULES: readonly RouteModule[] = [healthRoutes, processReadRoutes, workflowRoutes];

/**
 * The HTTP API as an Express app, not listening (the caller owns the server and its lifecycle).
 *
 * Every route goes through the same chain: authentication (unless public), body parsing with the size limit (only
 * for routes with a body), validation of params, query and body, the handler, and one error middleware that
 * answers in orchestrator-core's error shapes.
 */
export function createApp(deps: AppDependencies): Express {
  const options = resolveAppOptions(deps.options);
  const registry = new RouteRegistry();
  for (const module of [...CORE_ROUTE_MODULES, ...(deps.routers ?? [])]) registry.add(module(deps));
  registry.add(openApiRoutes(() => registry.routes, options.openapi)(deps));

  const app = express();
  app.disable('x-powered-by');
  // First, so that every answer is traced, also a 429 or a 401.
  if (deps.tracing) app.use(deps.tracing.requestMiddleware);
  app.use(securityHeaders());
  // Express's automatic ETags would answer 304s for bodies we did not mean to cache; the process list sets its own.
  app.set('etag', false);
  if (deps.cors) app.use(cors(deps.cors));

  const publicPaths = new Set(registry.routes.filter((r) => r.isPublic).map((r) => r.path));
  app.use(concurrencyLimit(options.maxConcurrentRequests, (path) => publicPaths.has(path)));

  const authenticate = authenticationMiddleware(deps.auth?.authenticate);
  const anonymous = authenticationMiddleware(undefined);
  const policy = policyMiddleware(deps.policy);
  const parsers = bodyParsers(options.bodyLimit);
  const handlerOptions = { validateResponses: options.validateResponses, logger: deps.logger };
  for (const route of registry.routes) {
    app[route.method](
      route.path,
      ...(route.isPublic ? [anonymous] : [authenticate, policy]),
      ...(route.body ? parsers : []),
      routeHandler(route, handlerOptions),
    );
  }
  for (const [path, methods] of registry.methodsByPath) app.all(path, methodNotAllowedHandler(methods));

  if (deps.dashboard) {
    const allowed = deps.dashboard.allowed;
    const guard: RequestHandler = (req, _res, next) => {
      next(allowed && !allowed(getUser(req)) ? new HttpError(403, 'Not allowed to use the dashboard') : undefined);
    };
    app.use(DASHBOARD_PATH, authenticate, policy, guard, bullBoardRouter(deps.dashboard.queues));
  }

  app.use(API_DOCS_PATH, apiDocsRouter(options.openapi.title));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
