/**
 * Text conventions of pydantic (Python) that the form protocol reproduces, so schemas and error messages read exactly
 * as orchestrator-core's do: field titles, `$defs` names, and how values are quoted in messages.
 */

function isCased(ch: string): boolean {
  return ch.toLowerCase() !== ch.toUpperCase();
}

/**
 * The title pydantic derives from a field name: Python's `name.title().replace('_', ' ').strip()`.
 * `customer_id` → `Customer Id`, `ipv4_address` → `Ipv4 Address`, `customerID` → `Customerid`.
 */
export function fieldTitle(name: string): string {
  let out = '';
  let previousCased = false;
  // Python's str.title(): a cased character is upper-cased after an uncased one and lower-cased otherwise.
  for (const ch of name) {
    if (isCased(ch)) {
      out += previousCased ? ch.toLowerCase() : ch.toUpperCase();
      previousCased = true;
    } else {
      out += ch;
      previousCased = false;
    }
  }
  return out.replace(/_/g, ' ').trim();
}

/**
 * A class-like name for a `$defs` entry (pydantic names them after the Python class): `port_mode` → `PortMode`,
 * `Port speed` → `PortSpeed`. Empty input gives `Model`.
 */
export function pascalCase(text: string): string {
  const name = text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return name === '' ? 'Model' : name;
}

/**
 * A value as Python's `repr` shows it, which is how pydantic quotes values in messages: `'a'`, `1`, `True`, `None`,
 * `[1, 'a']`, `{'a': 1}`.
 */
export function pyRepr(value: unknown): string {
  if (typeof value === 'string') {
    const escaped = value.replace(/\\/g, '\\\\');
    // Python prefers single quotes and switches to double quotes when that avoids escaping.
    if (value.includes("'") && !value.includes('"')) return `"${escaped}"`;
    return `'${escaped.replace(/'/g, "\\'")}'`;
  }
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${pyRepr(key)}: ${pyRepr(item)}`)
      .join(', ')}}`;
  }
  return typeof value;
}

/** The Python type a JSON value arrives as: `str`, `int`, `float`, `bool`, `NoneType`, `list`, `dict`. */
export function pyTypeName(value: unknown): string {
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  if (value === null || value === undefined) return 'NoneType';
  return Array.isArray(value) ? 'list' : 'dict';
}

/** pydantic's shortening of a long value in messages: at most 50 characters, the middle replaced by `...`. */
export function pyTruncate(text: string, max = 50): string {
  if (text.length <= max) return text;
  const half = Math.ceil(max / 2);
  return `${text.slice(0, half)}...${text.slice(text.length - (half - 1))}`;
}

/** pydantic's "expected" list: `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`. */
export function pyOrList(values: readonly unknown[]): string {
  const shown = values.map(pyRepr);
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}

/** `1 item` / `2 items`: pydantic pluralises its length messages. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
