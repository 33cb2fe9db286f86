/** A stored wire string as a GraphQL enum member name: `awaiting_callback` → `AWAITING_CALLBACK`, `pre production` → `PRE_PRODUCTION`. */
export function enumName(value: string): string {
  return value.toUpperCase().replace(/ /g, '_');
}

/** Epoch seconds (as the read queries select times) as an ISO 8601 string; `null` stays `null`. */
export function isoDate(epochSeconds: number | null | undefined): string | null {
  return epochSeconds === null || epochSeconds === undefined ? null : new Date(epochSeconds * 1000).toISOString();
}
