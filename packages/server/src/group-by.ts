/**
 * Rows of a one-query-for-many-owners read (`WHERE owner = ANY(…)`) grouped by owner, in row order: the mapped
 * values of each owner's rows under its key. Owners without rows are absent.
 */
export function groupBy<Row, Value>(
  rows: readonly Row[],
  keyOf: (row: Row) => string,
  valueOf: (row: Row) => Value,
): Map<string, Value[]> {
  const groups = new Map<string, Value[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(valueOf(row));
    else groups.set(key, [valueOf(row)]);
  }
  return groups;
}
