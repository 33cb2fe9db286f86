import type { RouteDefinition } from './define-route';

/**
 * All routes of an app, from every route module. It answers them most specific first, so that a literal segment
 * wins over a parameter whatever the order modules were given in: `GET /api/processes/status-counts` must never
 * reach `GET /api/processes/:process_id` (whose uuid check would answer 422).
 */
export class RouteRegistry {
  readonly #routes: RouteDefinition[] = [];
  readonly #keys = new Set<string>();

  add(routes: readonly RouteDefinition[]): void {
    for (const route of routes) {
      const key = `${route.method} ${pathShape(route.path)}`;
      if (this.#keys.has(key))
        throw new TypeError(`Route ${route.method.toUpperCase()} ${route.path} is defined twice`);
      this.#keys.add(key);
      this.#routes.push(route);
    }
  }

  /** The routes, most specific path first; routes of equal specificity keep their registration order. */
  get routes(): readonly RouteDefinition[] {
    return [...this.#routes].sort((a, b) => compareSpecificity(a.path, b.path));
  }

  /** Each distinct path shape with the methods it answers (for 405 answers). */
  get methodsByPath(): ReadonlyMap<string, readonly string[]> {
    const byShape = new Map<string, { path: string; methods: string[] }>();
    for (const route of this.routes) {
      const shape = pathShape(route.path);
      const entry = byShape.get(shape) ?? { path: route.path, methods: [] };
      entry.methods.push(route.method.toUpperCase());
      byShape.set(shape, entry);
    }
    return new Map([...byShape.values()].map((e) => [e.path, e.methods]));
  }
}

/** The path with parameter names erased: `/a/:x` and `/a/:y` match the same requests. */
function pathShape(path: string): string {
  return path.replace(/:[A-Za-z_][A-Za-z0-9_]*/g, ':');
}

function segmentRank(segment: string): number {
  if (segment.includes('*')) return 2;
  return segment.includes(':') ? 1 : 0;
}

function compareSpecificity(a: string, b: string): number {
  const sa = a.split('/');
  const sb = b.split('/');
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const diff = segmentRank(sa[i]!) - segmentRank(sb[i]!);
    if (diff !== 0) return diff;
  }
  return 0;
}
