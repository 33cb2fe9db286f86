import { SUBSCRIPTION_COLUMNS, type SearchValueType } from './search-columns';

const ops = (kind: SearchValueType, operators: readonly string[]) => ({
  operators: [...operators],
  value_schema: Object.fromEntries(operators.map((op) => [op, { kind }])),
});

/**
 * `GET /api/search/definitions`: the operators of each kind of value, as orchestrator-core describes them (the UI
 * probes it to show search, and its filter builder offers these operators).
 */
export function searchDefinitions() {
  const comparable = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte'];
  return {
    string: ops('string', ['eq', 'neq']),
    number: ops('number', comparable),
    datetime: ops('datetime', comparable),
    boolean: ops('boolean', ['eq', 'neq']),
  };
}

/**
 * `GET /api/search/paths`: the filterable subscription paths containing `q` (the filter builder's autocomplete).
 * Other entity types are not searchable here: they have no paths.
 */
export function searchPaths(q: string, entityType: string) {
  if (entityType.toUpperCase() !== 'SUBSCRIPTION') return { leaves: [], components: [] };
  const wanted = q.toLowerCase();
  const leaves = SUBSCRIPTION_COLUMNS.filter((c) => c.expr && c.path.toLowerCase().includes(wanted)).map((c) => ({
    name: c.path,
    ui_types: [c.type],
    paths: [c.path],
  }));
  return { leaves, components: [] };
}
