/**
 * Why a string is not a UUID, worded as pydantic reports it (its UUID parser's messages), e.g.
 * `invalid character: found \`n\` at 1` or `invalid group length in group 4: expected 12, found 11`.
 * `undefined` when the string is a well-formed UUID in one of the spellings pydantic accepts.
 */
export function uuidParseProblem(text: string): string | undefined {
  const hex = /^[0-9a-fA-F]+$/;
  const hyphenated = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
  if (hyphenated.test(text) || (text.length === 32 && hex.test(text))) return undefined;
  if (/^\{.*\}$/.test(text) && hyphenated.test(text.slice(1, -1))) return undefined;
  if (text.startsWith('urn:uuid:') && hyphenated.test(text.slice('urn:uuid:'.length))) return undefined;

  const chars = Array.from(text);
  const bad = chars.findIndex((ch) => !/[0-9a-fA-F-]/.test(ch));
  if (bad >= 0) return `invalid character: found \`${chars[bad]}\` at ${bad + 1}`;
  if (!text.includes('-')) return `invalid length: expected length 32 for simple format, found ${chars.length}`;
  const groups = text.split('-');
  if (groups.length !== 5) return `invalid group count: expected 5, found ${groups.length}`;
  const expected = [8, 4, 4, 4, 12];
  for (let i = 0; i < expected.length; i++) {
    const length = groups[i]?.length ?? 0;
    if (length !== expected[i]) return `invalid group length in group ${i}: expected ${expected[i]}, found ${length}`;
  }
  return undefined;
}
