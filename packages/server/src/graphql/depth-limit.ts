import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

/**
 * A validation rule refusing selections nested deeper than `maxDepth` fields. The UI's deepest query nests 5; a
 * request nesting connections without end would otherwise make the server read and render without end.
 */
export function depthLimit(maxDepth: number): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    let depth = 0;
    return {
      Field: {
        enter(node) {
          depth += 1;
          if (depth === maxDepth + 1) {
            context.reportError(
              new GraphQLError(`The query nests fields deeper than ${maxDepth} levels`, { nodes: [node] }),
            );
          }
        },
        leave() {
          depth -= 1;
        },
      },
    };
  };
}
