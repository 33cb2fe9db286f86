import { z } from 'zod';
import type { ResolvedAppOptions, RouteModule } from '../app-dependencies';
import { defineRoute, type RouteDefinition } from '../http/define-route';
import { reasonPhrase } from '../http/problem-detail';
import { ProblemDetailSchema } from '../schemas/problem-detail-schema';
import { JsonSchemaCollector, type JsonSchemaObject } from './json-schema-collector';

export type OpenApiDocument = Record<string, unknown> & {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, unknown>>;
};

/** `/api/processes/:process_id` → `/api/processes/{process_id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

/**
 * An OpenAPI 3.1 document of the routes, generated from their zod schemas: what clients may send is described as
 * zod's input, what the server answers as its output. Routes with inputs also document their 422.
 */
export function buildOpenApiDocument(
  routes: readonly RouteDefinition[],
  info: ResolvedAppOptions['openapi'],
): OpenApiDocument {
  const schemas = new JsonSchemaCollector();
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Set<string>();
  for (const route of routes) {
    route.tags.forEach((t) => tags.add(t));
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [...route.tags],
      ...(route.deprecated ? { deprecated: true } : {}),
      ...(route.isPublic ? { security: [] } : {}),
    };
    const parameters = [...parametersOf(route.params, 'path', schemas), ...parametersOf(route.query, 'query', schemas)];
    if (parameters.length > 0) operation.parameters = parameters;
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: schemas.convert(route.body, 'input') } },
      };
    }
    operation.responses = responsesOf(route, schemas);
    (paths[openApiPath(route.path)] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, ...(info.description ? { description: info.description } : {}) },
    paths,
    components: { schemas: schemas.components },
    tags: [...tags].sort().map((name) => ({ name })),
  };
}

function parametersOf(
  schema: z.ZodObject | undefined,
  location: 'path' | 'query',
  schemas: JsonSchemaCollector,
): Record<string, unknown>[] {
  if (!schema) return [];
  const object = schemas.convert(schema, 'input');
  const properties = (object.properties ?? {}) as Record<string, JsonSchemaObject>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function responsesOf(route: RouteDefinition, schemas: JsonSchemaCollector): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    responses[status] = {
      description: spec.description,
      ...(spec.schema ? { content: { 'application/json': { schema: schemas.convert(spec.schema, 'output') } } } : {}),
    };
  }
  const hasInputs = Boolean(route.params ?? route.query ?? route.body);
  if (hasInputs && !('422' in responses)) {
    responses['422'] = {
      description: `${reasonPhrase(422)}: a malformed path parameter, query parameter or body`,
      content: { 'application/json': { schema: schemas.convert(ProblemDetailSchema, 'output') } },
    };
  }
  return responses;
}

/**
 * `GET /api/openapi.json`. Built on first request from the registry's routes, so it includes the routes of every
 * module, and this one.
 */
export function openApiRoutes(
  routes: () => readonly RouteDefinition[],
  info: ResolvedAppOptions['openapi'],
): RouteModule {
  return () => {
    let document: OpenApiDocument | undefined;
    return [
      defineRoute({
        method: 'get',
        path: '/api/openapi.json',
        summary: 'This OpenAPI document',
        tags: ['Meta'],
        responses: { 200: { description: 'OpenAPI 3.1', schema: z.record(z.string(), z.unknown()) } },
        handler: () => (document ??= buildOpenApiDocument(routes(), info)),
      }),
    ];
  };
}
