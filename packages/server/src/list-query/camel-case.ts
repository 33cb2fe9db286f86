/** `lastStatus` → `last_status`, as orchestrator-core's `camel_to_snake`. */
export function camelToSnake(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** `last_status` → `lastStatus`, as orchestrator-core's `to_camel`. */
export function snakeToCamel(name: string): string {
  const [first, ...rest] = name.split('_');
  return first + rest.map((w) => (w ? w[0]!.toUpperCase() + w.slice(1).toLowerCase() : '')).join('');
}

/** Each entry under its snake_case name and its camelCase one: orchestrator-core accepts both as sort keys. */
export function withCamelAliases<T>(bySnakeName: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(bySnakeName).flatMap(([name, value]) => [
      [name, value],
      [snakeToCamel(name), value],
    ]),
  );
}
