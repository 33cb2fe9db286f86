import { camelToSnake, snakeToCamel } from '../src/list-query/camel-case';
import { parseFilterDate } from '../src/list-query/filter-date';
import { parseFilter } from '../src/list-query/parse-filter';
import { parseRange } from '../src/list-query/parse-range';
import { parseSort } from '../src/list-query/parse-sort';
import { matchesIfNoneMatch, processListEtag } from '../src/processes/process-list-etag';
import { stateDelta } from '../src/processes/state-delta';

describe('list query parsing', () => {
  it('parses ranges', () => {
    expect(parseRange(undefined)).toBeNull();
    expect(parseRange('')).toBeNull();
    expect(parseRange('0,25')).toEqual({ start: 0, end: 25 });
    expect(parseRange(' 5 , 10 ')).toEqual({ start: 5, end: 10 });
    expect(() => parseRange('3,3')).toThrow('range start must be lower than end');
    expect(() => parseRange('1.5,3')).toThrow(/two integers/);
  });

  it('parses sorts, ignoring a lone field as orchestrator-core does', () => {
    expect(parseSort('startedAt')).toEqual([]);
    expect(parseSort('startedAt,DESC,assignee,asc')).toEqual([
      { field: 'startedAt', direction: 'DESC' },
      { field: 'assignee', direction: 'ASC' },
    ]);
  });

  it('parses filters: pairs, | groups, ! negation', () => {
    expect(parseFilter('lastStatus,failed|waiting,createdBy,!alice')).toEqual([
      { field: 'lastStatus', values: ['failed', 'waiting'], negated: false },
      { field: 'createdBy', values: ['alice'], negated: true },
    ]);
    // A dash is part of the value: dates and uuids keep theirs.
    expect(parseFilter('startedAt,>=2024-01-01')[0]!.values).toEqual(['>=2024-01-01']);
    expect(() => parseFilter('a,b,c')).toThrow('Invalid number of filter arguments');
  });

  it('converts field names like orchestrator-core', () => {
    expect(camelToSnake('lastModifiedAt')).toBe('last_modified_at');
    expect(camelToSnake('isTask')).toBe('is_task');
    expect(camelToSnake('last_status')).toBe('last_status');
    expect(snakeToCamel('product_description')).toBe('productDescription');
  });

  it('reads filter dates as ISO 8601 (UTC unless an offset says otherwise) or epoch seconds', () => {
    expect(parseFilterDate('2024-05-01')).toBe(Date.UTC(2024, 4, 1) / 1000);
    expect(parseFilterDate('2024-05-01T10:00:00Z')).toBe(Date.UTC(2024, 4, 1, 10) / 1000);
    expect(parseFilterDate('2024-05-01T10:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 8) / 1000);
    expect(parseFilterDate('2024-05-01T10:00:00 02:00')).toBe(Date.UTC(2024, 4, 1, 8) / 1000);
    expect(parseFilterDate('2024-05-01T10:00-0130')).toBe(Date.UTC(2024, 4, 1, 11, 30) / 1000);
    expect(parseFilterDate('2024-05-01 10:00:00.25')).toBe(Date.UTC(2024, 4, 1, 10) / 1000 + 0.25);
    expect(parseFilterDate('1714557600.5')).toBe(1714557600.5);
    for (const bad of ['2024-02-30', '2024-13-01', '2024-05-01T24:00', 'yesterday', '', '2024-05-01T10:00+25:00']) {
      expect(parseFilterDate(bad)).toBeNull();
    }
  });
});

describe('process list ETag', () => {
  // Computed with orchestrator-core's code (zlib.crc32 over uuid bytes and struct.pack("d", timestamp)).
  const a = { process_id: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', last_modified_at: 1578994200.123456 };
  const b = { process_id: 'a0000000-0000-4000-8000-000000000001', last_modified_at: 1622505600.0 };

  it("matches orchestrator-core's checksum", () => {
    expect(processListEtag([])).toBe('0x0');
    expect(processListEtag([a])).toBe('0x7655df0e');
    expect(processListEtag([a, b])).toBe('0x9ec50def');
  });

  it('matches If-None-Match bare, quoted, weak, in a list, or *', () => {
    expect(matchesIfNoneMatch('0x7655df0e', '0x7655df0e')).toBe(true);
    expect(matchesIfNoneMatch('W/"0x7655df0e"', '0x7655df0e')).toBe(true);
    expect(matchesIfNoneMatch('"0x1", "0x7655df0e"', '0x7655df0e')).toBe(true);
    expect(matchesIfNoneMatch('*', '0x7655df0e')).toBe(true);
    expect(matchesIfNoneMatch('0xdeadbeef', '0x7655df0e')).toBe(false);
    expect(matchesIfNoneMatch(undefined, '0x7655df0e')).toBe(false);
  });
});

describe('stateDelta', () => {
  it("keeps added and changed keys, recursing into objects, like orchestrator-core's get_dict_updates", () => {
    expect(stateDelta({ a: 1, b: { c: 1, d: 2 }, e: [1] }, { a: 1, b: { c: 1, d: 3 }, e: [1], f: null })).toEqual({
      b: { d: 3 },
      f: null,
    });
    expect(stateDelta({ a: { b: 1 } }, { a: { b: 1 } })).toEqual({});
    expect(stateDelta({ a: { b: 1 } }, { a: 5 })).toEqual({ a: 5 });
    expect(stateDelta({ a: 1 }, {})).toEqual({});
  });
});
