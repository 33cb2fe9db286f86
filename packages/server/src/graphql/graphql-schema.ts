import { buildSchema, type GraphQLSchema } from 'graphql';
import { TYPE_DEFS } from './type-defs';

let schema: GraphQLSchema | undefined;

/**
 * The executable schema, built once. Resolution is graphql-js's own: each type's fields are read from the objects
 * the resolvers return (plain values, getters, or methods called with the field's arguments and the context; see
 * the `*-node.ts` classes), root fields from `queryRoot`, and the one interface by `__typename`. The custom
 * scalars pass their values through (DateTime values are already ISO strings, UUIDs text).
 */
export function graphqlSchema(): GraphQLSchema {
  schema ??= buildSchema(TYPE_DEFS);
  return schema;
}
