const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(?:(Z)|([+\- ])(\d{2}):?(\d{2})?)?$/i;
const EPOCH = /^\d{1,12}(\.\d{1,9})?$/;

/**
 * A filter's date as epoch seconds: ISO 8601 (`2024-05-01`, `2024-05-01T10:00:00.5+02:00`; UTC without an offset,
 * as orchestrator-core assumes) or epoch seconds, the form dates have in REST bodies. `null` if invalid.
 * A space before the offset is read as `+`: query strings decode an unescaped `+` to a space.
 */
export function parseFilterDate(text: string): number | null {
  if (EPOCH.test(text)) return Number(text);
  const m = ISO_DATE.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  // setUTCFullYear rolls 2024-02-30 over to March: a day that moved did not exist.
  if (date.getUTCDate() !== day) return null;
  let seconds = date.getTime() / 1000 + (m[7] ? Number(m[7]) : 0);
  if (m[9] !== undefined) {
    const offsetHours = Number(m[10]);
    const offsetMinutes = Number(m[11] ?? 0);
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    const sign = m[9] === '-' ? -1 : 1;
    seconds -= sign * (offsetHours * 3600 + offsetMinutes * 60);
  }
  return seconds;
}
