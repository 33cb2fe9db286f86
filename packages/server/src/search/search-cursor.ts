import { createHash } from 'node:crypto';
import { z } from 'zod';
import { HttpError } from '../http/http-error';

/** Where the next page starts: after the row with this sort value and id, at this offset, with this page size. */
export interface SearchCursor {
  readonly offset: number;
  readonly limit: number;
  /** The last row's sort value as text (`null` for a null value) and its subscription id. */
  readonly after: readonly [string | null, string];
  /** Which search it belongs to (a digest of query, filters and order). */
  readonly search: string;
}

const CursorSchema = z.object({
  o: z.number().int().min(0),
  l: z.number().int().min(1).max(1000),
  a: z.tuple([z.string().nullable(), z.string()]),
  s: z.string(),
});

/** A digest of what a cursor is only valid for. */
export function searchDigest(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

/** Opaque to the client: base64url JSON. Tampering can only move the keyset, never reach other data. */
export function encodeCursor(cursor: SearchCursor): string {
  const json = { o: cursor.offset, l: cursor.limit, a: cursor.after, s: cursor.search };
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

export function decodeCursor(text: string, expectedSearch: string): SearchCursor {
  let parsed: z.output<typeof CursorSchema>;
  try {
    parsed = CursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new HttpError(400, 'Invalid cursor: pass the next_page_cursor of a previous answer unchanged');
  }
  if (parsed.s !== expectedSearch) {
    throw new HttpError(400, 'Invalid cursor: it belongs to another search (query, filters or order changed)');
  }
  return { offset: parsed.o, limit: parsed.l, after: parsed.a, search: parsed.s };
}
