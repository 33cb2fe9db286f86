import { z } from 'zod';
import {
  FormValidationError,
  formPageSchema,
  postForm,
  validateFormPage,
  type Form,
  type FormErrorEntry,
} from '../src/forms';

// Expected entries are pydantic 2.13's `ValidationError.errors(include_url=False)` for the equivalent Python page,
// in pydantic v2's own wording ("Field required"; pydantic-forms' en_US lowercasing to v1's "field required" is not
// reproduced, so one style holds throughout); as pydantic-forms sends them, a custom validator's message loses
// pydantic's "Value error, " prefix.

function errorsOf(page: z.ZodObject, answer: unknown): FormErrorEntry[] {
  try {
    validateFormPage(page, answer);
  } catch (err) {
    if (err instanceof FormValidationError) return err.errors;
    throw err;
  }
  throw new Error('expected a FormValidationError');
}

// Python equivalent (every field has a default, so each case shows one error):
//   class Sub(BaseModel): a: int
//   class P(FormPage):
//       s: str = "x"
//       s2: constr(min_length=2, max_length=3) = "xx"
//       i: int = 1
//       i2: conint(ge=1, le=5) = 1
//       i3: conint(gt=1, lt=5) = 2
//       f: float = 1.0
//       b: bool = True
//       e: Role = Role.core              # class Role(str, Enum): core, edge
//       u: UUID = UUID(int=0)
//       l: list[str] = []
//       l2: conlist(str, min_length=1, max_length=2) = ["a"]
//       sub: Sub = Sub(a=1)
//       lit: Literal["a", "b"] = "a"
//       lit1: Literal["a"] = "a"
//       n: Optional[int] = None
//       v: str = "ok"                    # @field_validator raising ValueError("v must be ok")
//       mo: int = Field(default=2, multiple_of=2)
//       pat: constr(pattern=r"^a+$") = "a"
const page = z
  .object({
    s: z.string().default('x'),
    s2: z.string().min(2).max(3).default('xx'),
    i: z.number().int().default(1),
    i2: z.number().int().min(1).max(5).default(1),
    i3: z.number().int().gt(1).lt(5).default(2),
    f: z.number().default(1),
    b: z.boolean().default(true),
    e: z.enum(['core', 'edge']).default('core'),
    u: z.uuid().default('00000000-0000-0000-0000-000000000000'),
    l: z.array(z.string()).default([]),
    l2: z.array(z.string()).min(1).max(2).default(['a']),
    sub: z.object({ a: z.number().int() }).default({ a: 1 }),
    lit: z.literal(['a', 'b']).default('a'),
    lit1: z.literal('a').default('a'),
    n: z.number().int().nullable().default(null),
    v: z
      .string()
      .refine((v) => v === 'ok', 'v must be ok')
      .default('ok'),
    mo: z.number().int().multipleOf(2).default(2),
    pat: z.string().regex(/^a+$/).default('a'),
  })
  .meta({ id: 'P' });

describe('validation errors in pydantic’s shape', () => {
  it.each<[string, unknown, FormErrorEntry[]]>([
    [
      'unknown key',
      { zz: 1 },
      [{ type: 'extra_forbidden', loc: ['zz'], msg: 'Extra inputs are not permitted', input: 1 }],
    ],
    ['string_type', { s: 1 }, [{ type: 'string_type', loc: ['s'], msg: 'Input should be a valid string', input: 1 }]],
    [
      'string_type for null',
      { s: null },
      [{ type: 'string_type', loc: ['s'], msg: 'Input should be a valid string', input: null }],
    ],
    [
      'string_too_short',
      { s2: 'a' },
      [
        {
          type: 'string_too_short',
          loc: ['s2'],
          msg: 'String should have at least 2 characters',
          input: 'a',
          ctx: { min_length: 2 },
        },
      ],
    ],
    [
      'string_too_long',
      { s2: 'abcd' },
      [
        {
          type: 'string_too_long',
          loc: ['s2'],
          msg: 'String should have at most 3 characters',
          input: 'abcd',
          ctx: { max_length: 3 },
        },
      ],
    ],
    [
      'int_parsing',
      { i: 'abc' },
      [
        {
          type: 'int_parsing',
          loc: ['i'],
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: 'abc',
        },
      ],
    ],
    [
      'int_from_float',
      { i: 1.5 },
      [
        {
          type: 'int_from_float',
          loc: ['i'],
          msg: 'Input should be a valid integer, got a number with a fractional part',
          input: 1.5,
        },
      ],
    ],
    ['int_type', { i: [] }, [{ type: 'int_type', loc: ['i'], msg: 'Input should be a valid integer', input: [] }]],
    [
      'int_type for null',
      { i: null },
      [{ type: 'int_type', loc: ['i'], msg: 'Input should be a valid integer', input: null }],
    ],
    [
      'greater_than_equal',
      { i2: 0 },
      [
        {
          type: 'greater_than_equal',
          loc: ['i2'],
          msg: 'Input should be greater than or equal to 1',
          input: 0,
          ctx: { ge: 1 },
        },
      ],
    ],
    [
      'less_than_equal',
      { i2: 6 },
      [
        {
          type: 'less_than_equal',
          loc: ['i2'],
          msg: 'Input should be less than or equal to 5',
          input: 6,
          ctx: { le: 5 },
        },
      ],
    ],
    [
      'greater_than',
      { i3: 1 },
      [{ type: 'greater_than', loc: ['i3'], msg: 'Input should be greater than 1', input: 1, ctx: { gt: 1 } }],
    ],
    [
      'less_than',
      { i3: 5 },
      [{ type: 'less_than', loc: ['i3'], msg: 'Input should be less than 5', input: 5, ctx: { lt: 5 } }],
    ],
    [
      'float_parsing',
      { f: 'x' },
      [
        {
          type: 'float_parsing',
          loc: ['f'],
          msg: 'Input should be a valid number, unable to parse string as a number',
          input: 'x',
        },
      ],
    ],
    [
      'float_type',
      { f: null },
      [{ type: 'float_type', loc: ['f'], msg: 'Input should be a valid number', input: null }],
    ],
    [
      'bool_parsing',
      { b: 'x' },
      [
        {
          type: 'bool_parsing',
          loc: ['b'],
          msg: 'Input should be a valid boolean, unable to interpret input',
          input: 'x',
        },
      ],
    ],
    ['bool_type', { b: [] }, [{ type: 'bool_type', loc: ['b'], msg: 'Input should be a valid boolean', input: [] }]],
    [
      'enum',
      { e: 'x' },
      [
        {
          type: 'enum',
          loc: ['e'],
          msg: "Input should be 'core' or 'edge'",
          input: 'x',
          ctx: { expected: "'core' or 'edge'" },
        },
      ],
    ],
    [
      'enum for a wrong type',
      { e: 1 },
      [
        {
          type: 'enum',
          loc: ['e'],
          msg: "Input should be 'core' or 'edge'",
          input: 1,
          ctx: { expected: "'core' or 'edge'" },
        },
      ],
    ],
    [
      'uuid_parsing (bad character)',
      { u: 'nope' },
      [
        {
          type: 'uuid_parsing',
          loc: ['u'],
          msg: 'Input should be a valid UUID, invalid character: found `n` at 1',
          input: 'nope',
          ctx: { error: 'invalid character: found `n` at 1' },
        },
      ],
    ],
    [
      'uuid_parsing (group length)',
      { u: '123e4567-e89b-12d3-a456-42661417400' },
      [
        {
          type: 'uuid_parsing',
          loc: ['u'],
          msg: 'Input should be a valid UUID, invalid group length in group 4: expected 12, found 11',
          input: '123e4567-e89b-12d3-a456-42661417400',
          ctx: { error: 'invalid group length in group 4: expected 12, found 11' },
        },
      ],
    ],
    [
      'uuid_type',
      { u: 1 },
      [{ type: 'uuid_type', loc: ['u'], msg: 'UUID input should be a string, bytes or UUID object', input: 1 }],
    ],
    ['list_type', { l: 'x' }, [{ type: 'list_type', loc: ['l'], msg: 'Input should be a valid list', input: 'x' }]],
    [
      'list item',
      { l: [1] },
      [{ type: 'string_type', loc: ['l', 0], msg: 'Input should be a valid string', input: 1 }],
    ],
    [
      'too_short',
      { l2: [] },
      [
        {
          type: 'too_short',
          loc: ['l2'],
          msg: 'List should have at least 1 item after validation, not 0',
          input: [],
          ctx: { field_type: 'List', min_length: 1, actual_length: 0 },
        },
      ],
    ],
    [
      'too_long',
      { l2: ['a', 'b', 'c'] },
      [
        {
          type: 'too_long',
          loc: ['l2'],
          msg: 'List should have at most 2 items after validation, not 3',
          input: ['a', 'b', 'c'],
          ctx: { field_type: 'List', max_length: 2, actual_length: 3 },
        },
      ],
    ],
    [
      'model_type',
      { sub: 1 },
      [
        {
          type: 'model_type',
          loc: ['sub'],
          msg: 'Input should be a valid dictionary or instance of Sub',
          input: 1,
          ctx: { class_name: 'Sub' },
        },
      ],
    ],
    ['missing (nested)', { sub: {} }, [{ type: 'missing', loc: ['sub', 'a'], msg: 'Field required', input: {} }]],
    [
      'nested int_parsing',
      { sub: { a: 'x' } },
      [
        {
          type: 'int_parsing',
          loc: ['sub', 'a'],
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: 'x',
        },
      ],
    ],
    [
      'literal_error',
      { lit: 'c' },
      [
        {
          type: 'literal_error',
          loc: ['lit'],
          msg: "Input should be 'a' or 'b'",
          input: 'c',
          ctx: { expected: "'a' or 'b'" },
        },
      ],
    ],
    [
      'literal_error (one value)',
      { lit1: 'c' },
      [{ type: 'literal_error', loc: ['lit1'], msg: "Input should be 'a'", input: 'c', ctx: { expected: "'a'" } }],
    ],
    [
      'nullable int_parsing',
      { n: 'x' },
      [
        {
          type: 'int_parsing',
          loc: ['n'],
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: 'x',
        },
      ],
    ],
    [
      'value_error from a refinement',
      { v: 'bad' },
      [{ type: 'value_error', loc: ['v'], msg: 'v must be ok', input: 'bad', ctx: { error: 'v must be ok' } }],
    ],
    [
      'multiple_of',
      { mo: 3 },
      [{ type: 'multiple_of', loc: ['mo'], msg: 'Input should be a multiple of 2', input: 3, ctx: { multiple_of: 2 } }],
    ],
    [
      'string_pattern_mismatch',
      { pat: 'b' },
      [
        {
          type: 'string_pattern_mismatch',
          loc: ['pat'],
          msg: "String should match pattern '^a+$'",
          input: 'b',
          ctx: { pattern: '^a+$' },
        },
      ],
    ],
  ])('%s', (_name, answer, expected) => {
    expect(errorsOf(page, answer)).toEqual(expected);
  });

  it('reports field errors first and unknown keys after them, as pydantic does', () => {
    expect(errorsOf(page, { s: 1, zz: 2, i: 'x' }).map((e) => [e.type, e.loc])).toEqual([
      ['string_type', ['s']],
      ['int_parsing', ['i']],
      ['extra_forbidden', ['zz']],
    ]);
  });

  it('reports a missing field with the object it is missing from', () => {
    const required = z.object({ name: z.string(), count: z.number() });
    expect(errorsOf(required, { count: 1 })).toEqual([
      { type: 'missing', loc: ['name'], msg: 'Field required', input: { count: 1 } },
    ]);
  });

  it.each([['notadict'], [[1]], [null], [42]])(
    'gives an answer that is not an object a __root__ error: %j',
    (answer) => {
      expect(errorsOf(page, answer)).toEqual([
        {
          type: 'model_type',
          loc: ['__root__'],
          msg: 'Input should be a valid dictionary or instance of P',
          input: answer,
          ctx: { class_name: 'P' },
        },
      ]);
    },
  );

  it('rejects unknown keys even when the page is not strict, at any level the author made strict', () => {
    const loose = z.object({ a: z.string(), inner: z.object({ b: z.string() }).strict() }).passthrough();
    expect(errorsOf(loose, { a: 'x', inner: { b: 'y', c: 1 }, d: 2 })).toEqual([
      { type: 'extra_forbidden', loc: ['inner', 'c'], msg: 'Extra inputs are not permitted', input: 1 },
      { type: 'extra_forbidden', loc: ['d'], msg: 'Extra inputs are not permitted', input: 2 },
    ]);
  });

  describe('pydantic-forms location rules (tests/unit_tests/test_core.py)', () => {
    it('puts a page-level refinement at __root__ (test_loc)', () => {
      const form1 = z.object({ a: z.number().int() }).refine((v) => v.a <= 5, 'too high');
      expect(errorsOf(form1, { a: 6 })).toEqual([
        { type: 'value_error', loc: ['__root__'], msg: 'too high', input: { a: 6 }, ctx: { error: 'too high' } },
      ]);
    });

    const subModel = z
      .object({ enabled: z.boolean().default(false), setting_when_enabled: z.number().int().nullable().default(null) })
      .refine((v) => v.enabled || v.setting_when_enabled === null, 'Yowch!');
    const invalid = { enabled: false, setting_when_enabled: 1 };

    it.each<[string, z.ZodType, unknown, (string | number)[]]>([
      ['a nested object', subModel, invalid, ['nested', '__root__']],
      ['a nullable nested object', subModel.nullable(), invalid, ['nested', '__root__']],
      ['a list of objects', z.array(subModel), [invalid], ['nested', 0, '__root__']],
      ['a record of objects', z.record(z.string(), subModel), { key: invalid }, ['nested', 'key', '__root__']],
      [
        'an object in an object',
        z.object({ settings: subModel }),
        { settings: invalid },
        ['nested', 'settings', '__root__'],
      ],
    ])(
      'marks a refinement of %s as __root__ of that object (test_loc_nested_model_validator)',
      (_name, field, answer, loc) => {
        const errors = errorsOf(z.object({ nested: field }), { nested: answer });
        expect(errors).toHaveLength(1);
        expect(errors[0]!.loc).toEqual(loc);
        expect(errors[0]!.msg).toBe('Yowch!');
      },
    );

    it('keeps leaf refinement and missing-object locations (test_loc_nested_model_field_errors_are_not_remapped)', () => {
      const form = z.object({
        nested: subModel,
        a: z
          .number()
          .int()
          .refine((a) => a <= 5, 'too high'),
      });
      expect(errorsOf(form, { nested: { enabled: true }, a: 6 }).map((e) => [e.loc, e.msg])).toEqual([
        [['a'], 'too high'],
      ]);
      expect(errorsOf(form, { a: 1 }).map((e) => [e.loc, e.type])).toEqual([[['nested'], 'missing']]);
    });
  });

  describe('the FormValidationError message: pydantic v2’s text of the errors', () => {
    const TestForm = z.object({ generic_select: z.enum(['a', 'b']) }).meta({ id: 'TestForm' });
    function* inputForm(): Generator<z.ZodObject, z.core.output<typeof TestForm>, z.core.output<typeof TestForm>> {
      return yield TestForm;
    }

    function messageOf(form: Form, answer: unknown): string {
      try {
        postForm(form, {}, [answer as Record<string, unknown>]);
      } catch (err) {
        if (err instanceof FormValidationError) return err.message;
        throw err;
      }
      throw new Error('expected a FormValidationError');
    }

    // Each expected text is `str(exc)` of pydantic 2.13's ValidationError for the equivalent model, without the
    // "For further information visit …" lines (the entries leave out pydantic's URL too).
    it('matches pydantic for an extra input', () => {
      expect(messageOf(inputForm, { generic_select: 'a', extra_data: false })).toBe(
        '1 validation error for TestForm\nextra_data\n  Extra inputs are not permitted [type=extra_forbidden, input_value=False, input_type=bool]',
      );
    });

    it('matches pydantic for a wrong enum value and an extra input', () => {
      expect(messageOf(inputForm, { generic_select: 1, extra_data: false })).toBe(
        "2 validation errors for TestForm\ngeneric_select\n  Input should be 'a' or 'b' [type=enum, input_value=1, input_type=int]\nextra_data\n  Extra inputs are not permitted [type=extra_forbidden, input_value=False, input_type=bool]",
      );
    });

    // A value longer than 50 characters keeps its first 25 and last 24, as pydantic-core truncates it.
    it('matches pydantic for a missing field (its input: the object), a nested location and a long value', () => {
      const page = z.object({ name: z.string(), ports: z.array(z.object({ speed: z.number().int() })) });
      expect(messageOf(page, { ports: [{ speed: 'x'.repeat(60) }] })).toBe(
        [
          '2 validation errors for unknown',
          'name',
          `  Field required [type=missing, input_value={'ports': [{'speed': 'xxx...xxxxxxxxxxxxxxxxxxxx'}]}, input_type=dict]`,
          'ports.0.speed',
          "  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='xxxxxxxxxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxxxxxxx', input_type=str]",
        ].join('\n'),
      );
    });

    it('names the page as its schema does: title, else id, else unknown', () => {
      const answer = {};
      const pages = [
        z.object({ a: z.string() }).meta({ title: 'Some title', id: 'SomeId' }),
        z.object({ a: z.string() }).meta({ id: 'SomeId' }),
        z.object({ a: z.string() }),
      ];
      for (const page of pages) {
        const title = formPageSchema(page).title as string;
        expect(messageOf(page, answer)).toBe(
          `1 validation error for ${title}\na\n  Field required [type=missing, input_value={}, input_type=dict]`,
        );
      }
      expect(pages.map((page) => formPageSchema(page).title)).toEqual(['Some title', 'SomeId', 'unknown']);
    });
  });

  describe('more types', () => {
    it('uses the author’s message for a built-in check, keeping pydantic’s type and ctx', () => {
      const form = z.object({
        name: z.string().min(2, 'Name is too short'),
        code: z.string({ error: 'A code is required' }),
      });
      expect(errorsOf(form, { name: 'x' })).toEqual([
        { type: 'string_too_short', loc: ['name'], msg: 'Name is too short', input: 'x', ctx: { min_length: 2 } },
        { type: 'missing', loc: ['code'], msg: 'A code is required', input: { name: 'x' } },
      ]);
    });

    it('maps a union to each member’s errors under its tag (pydantic: Union[float, str])', () => {
      const form = z.object({ un: z.union([z.number(), z.string()]) });
      expect(errorsOf(form, { un: [] })).toEqual([
        { type: 'float_type', loc: ['un', 'float'], msg: 'Input should be a valid number', input: [] },
        { type: 'string_type', loc: ['un', 'str'], msg: 'Input should be a valid string', input: [] },
      ]);
    });

    it('maps a discriminated union’s unknown or missing tag', () => {
      const form = z.object({
        du: z.discriminatedUnion('kind', [z.object({ kind: z.literal('a') }), z.object({ kind: z.literal('b') })]),
      });
      expect(errorsOf(form, { du: { kind: 'c' } })).toEqual([
        {
          type: 'union_tag_invalid',
          loc: ['du'],
          msg: "Input tag 'c' found using 'kind' does not match any of the expected tags: 'a', 'b'",
          input: { kind: 'c' },
          ctx: { discriminator: "'kind'", tag: 'c', expected_tags: "'a', 'b'" },
        },
      ]);
      expect(errorsOf(form, { du: {} })).toEqual([
        {
          type: 'union_tag_not_found',
          loc: ['du'],
          msg: "Unable to extract tag using discriminator 'kind'",
          input: {},
          ctx: { discriminator: "'kind'" },
        },
      ]);
    });

    it('maps records, IP addresses, datetimes and e-mail addresses', () => {
      const form = z.object({
        d: z.record(z.string(), z.number().int()).optional(),
        ip: z.ipv4().optional(),
        dt: z.iso.datetime().optional(),
        email: z.email().optional(),
      });
      expect(errorsOf(form, { d: 1 })).toEqual([
        { type: 'dict_type', loc: ['d'], msg: 'Input should be a valid dictionary', input: 1 },
      ]);
      expect(errorsOf(form, { ip: 'x' })).toEqual([
        { type: 'ip_v4_address', loc: ['ip'], msg: 'Input is not a valid IPv4 address', input: 'x' },
      ]);
      expect(errorsOf(form, { dt: 'x' })[0]).toMatchObject({ type: 'datetime_parsing', loc: ['dt'] });
      expect(errorsOf(form, { email: 'x' })).toEqual([
        {
          type: 'value_error',
          loc: ['email'],
          msg: 'value is not a valid email address: An email address must have an @-sign.',
          input: 'x',
          ctx: { reason: 'An email address must have an @-sign.' },
        },
      ]);
    });

    it('reports a well-formed UUID of another version as uuid_version', () => {
      const form = z.object({ id: z.uuidv4() });
      expect(errorsOf(form, { id: '123e4567-e89b-12d3-a456-426614174000' })).toEqual([
        {
          type: 'uuid_version',
          loc: ['id'],
          msg: 'UUID version 4 expected',
          input: '123e4567-e89b-12d3-a456-426614174000',
          ctx: { expected_version: 4 },
        },
      ]);
    });

    it('refuses async refinements with a clear error', () => {
      const form = z.object({ a: z.string().refine(async () => true) });
      expect(() => validateFormPage(form, { a: 'x' })).toThrow(/validated synchronously/);
    });
  });
});
