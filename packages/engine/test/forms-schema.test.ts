import { z } from 'zod';
import { formPageSchema, FORM_META_KEY } from '../src/forms';

// The expected objects below are what pydantic 2.13 (orchestrator-core 5.x's pin) with pydantic-forms' FormPage
// (`title="unknown"`, `extra="forbid"`) returns from `model_json_schema()` for the equivalent Python page, written
// out literally. Key order is compared too, as pydantic sorts keys.

describe('formPageSchema: pydantic dialect', () => {
  // Python equivalent:
  //   class Role(str, Enum): core = "core"; edge = "edge"
  //   class PortMode(str, Enum): tagged = "tagged"; untagged = "untagged"
  //   class PortSpeed(str, Enum): G1 = "1G"; G10 = "10G"
  //   class Address(BaseModel):
  //       street: constr(min_length=1, max_length=20)
  //       nr: conint(ge=0, le=10)
  //   class CreateNodePage(FormPage):
  //       """Where the node goes."""
  //       model_config = ConfigDict(title="Create node")
  //       meta__: ClassVar = {"hasNext": True}
  //       customer_id: str
  //       count: int = 3
  //       note: str = None            # see the note below
  //       label: Optional[str]
  //       role: Role
  //       port_mode: PortMode = PortMode.tagged
  //       speed: PortSpeed
  //       subscription_id: UUID
  //       tags: list[str]
  //       address: Address
  //       name: str = Field(title="Node name", description="The node's name")
  //       ratio: float = Field(gt=0, lt=1)
  //       comment: Optional[str] = None
  //       enabled: bool = False
  const createNodePage = z
    .object({
      customer_id: z.string(),
      count: z.number().int().default(3),
      note: z.string().optional(),
      label: z.string().nullable(),
      role: z.enum(['core', 'edge']),
      port_mode: z.enum(['tagged', 'untagged']).default('tagged'),
      speed: z.enum(['1G', '10G']).meta({ id: 'PortSpeed' }),
      subscription_id: z.uuid(),
      tags: z.array(z.string()),
      address: z.object({ street: z.string().min(1).max(20), nr: z.number().int().min(0).max(10) }),
      name: z.string().meta({ title: 'Node name', description: "The node's name" }),
      ratio: z.number().gt(0).lt(1),
      comment: z.string().nullable().default(null),
      enabled: z.boolean().default(false),
    })
    .meta({ title: 'Create node', description: 'Where the node goes.', [FORM_META_KEY]: { hasNext: true } });

  const pydanticCreateNodePage = {
    $defs: {
      Address: {
        properties: {
          street: { maxLength: 20, minLength: 1, title: 'Street', type: 'string' },
          nr: { maximum: 10, minimum: 0, title: 'Nr', type: 'integer' },
        },
        required: ['street', 'nr'],
        title: 'Address',
        type: 'object',
      },
      PortMode: { enum: ['tagged', 'untagged'], title: 'PortMode', type: 'string' },
      PortSpeed: { enum: ['1G', '10G'], title: 'PortSpeed', type: 'string' },
      Role: { enum: ['core', 'edge'], title: 'Role', type: 'string' },
    },
    additionalProperties: false,
    description: 'Where the node goes.',
    properties: {
      customer_id: { title: 'Customer Id', type: 'string' },
      count: { default: 3, title: 'Count', type: 'integer' },
      // pydantic: {default: null, title: "Note", type: "string"}. A zod `.optional()` field has no default; like
      // pydantic's it is not required (see formPageSchema's TSDoc).
      note: { title: 'Note', type: 'string' },
      label: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Label' },
      role: { $ref: '#/$defs/Role' },
      port_mode: { $ref: '#/$defs/PortMode', default: 'tagged' },
      speed: { $ref: '#/$defs/PortSpeed' },
      subscription_id: { format: 'uuid', title: 'Subscription Id', type: 'string' },
      tags: { items: { type: 'string' }, title: 'Tags', type: 'array' },
      address: { $ref: '#/$defs/Address' },
      name: { description: "The node's name", title: 'Node name', type: 'string' },
      ratio: { exclusiveMaximum: 1, exclusiveMinimum: 0, title: 'Ratio', type: 'number' },
      comment: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null, title: 'Comment' },
      enabled: { default: false, title: 'Enabled', type: 'boolean' },
    },
    required: ['customer_id', 'label', 'role', 'speed', 'subscription_id', 'tags', 'address', 'name', 'ratio'],
    title: 'Create node',
    type: 'object',
  };

  it('matches pydantic for a representative page, key order included', () => {
    const schema = formPageSchema(createNodePage);
    expect(schema).toEqual(pydanticCreateNodePage);
    expect(JSON.stringify(schema)).toBe(JSON.stringify(pydanticCreateNodePage));
  });

  it('leaves out $schema, zod internals and the page meta', () => {
    const schema = formPageSchema(createNodePage);
    expect(schema).not.toHaveProperty('$schema');
    expect(schema).not.toHaveProperty(FORM_META_KEY);
    expect(Object.getOwnPropertySymbols(schema)).toEqual([]);
    expect(Object.getOwnPropertyNames(schema)).not.toContain('~standard');
    expect(JSON.stringify(schema)).not.toContain('__wfo');
  });

  // Python equivalent:
  //   class Role(str, Enum): core = "core"; edge = "edge"
  //   class Num(IntEnum): one = 1; two = 2
  //   class Address(BaseModel): street: str
  //   class Page(FormPage):
  //       """Page docstring."""
  //       r1: Role = Field(title="My role", description="d")
  //       r2: Optional[Role] = None
  //       r3: list[Role]
  //       a1: Optional[Address] = None
  //       a2: Address = Field(description="addr")
  //       d: dict[str, int]
  //       dt: datetime.datetime
  //       dd: datetime.date
  //       oc: Optional[constr(min_length=1)] = None
  //       n: Num
  //       u: Union[int, str]
  //       ls: list[str] = Field(default_factory=list)
  //       lit: Literal[True]
  it('matches pydantic for references, nullable references, records, formats, unions and factories', () => {
    enum Num {
      One = 1,
      Two = 2,
    }
    const Role = z.enum(['core', 'edge']).meta({ id: 'Role' });
    const Address = z.object({ street: z.string() }).meta({ id: 'Address' });
    const page = z
      .object({
        r1: Role.meta({ title: 'My role', description: 'd' }),
        r2: Role.nullable().default(null),
        r3: z.array(Role),
        a1: Address.nullable().default(null),
        a2: Address.meta({ description: 'addr' }),
        d: z.record(z.string(), z.number().int()),
        dt: z.iso.datetime(),
        dd: z.iso.date(),
        oc: z.string().min(1).nullable().default(null),
        n: z.enum(Num).meta({ id: 'Num' }),
        u: z.union([z.number().int(), z.string()]),
        ls: z.array(z.string()).default(() => []),
        lit: z.literal(true),
      })
      .meta({ description: 'Page docstring.' });

    const pydantic = {
      $defs: {
        Address: {
          properties: { street: { title: 'Street', type: 'string' } },
          required: ['street'],
          title: 'Address',
          type: 'object',
        },
        Num: { enum: [1, 2], title: 'Num', type: 'integer' },
        Role: { enum: ['core', 'edge'], title: 'Role', type: 'string' },
      },
      additionalProperties: false,
      description: 'Page docstring.',
      properties: {
        r1: { $ref: '#/$defs/Role', description: 'd', title: 'My role' },
        r2: { anyOf: [{ $ref: '#/$defs/Role' }, { type: 'null' }], default: null },
        r3: { items: { $ref: '#/$defs/Role' }, title: 'R3', type: 'array' },
        a1: { anyOf: [{ $ref: '#/$defs/Address' }, { type: 'null' }], default: null },
        a2: { $ref: '#/$defs/Address', description: 'addr' },
        d: { additionalProperties: { type: 'integer' }, title: 'D', type: 'object' },
        dt: { format: 'date-time', title: 'Dt', type: 'string' },
        dd: { format: 'date', title: 'Dd', type: 'string' },
        oc: { anyOf: [{ minLength: 1, type: 'string' }, { type: 'null' }], default: null, title: 'Oc' },
        n: { $ref: '#/$defs/Num' },
        u: { anyOf: [{ type: 'integer' }, { type: 'string' }], title: 'U' },
        // pydantic-forms' GenerateFormJsonSchema emits default_factory results as the default.
        ls: { default: [], items: { type: 'string' }, title: 'Ls', type: 'array' },
        lit: { const: true, title: 'Lit', type: 'boolean' },
      },
      required: ['r1', 'r3', 'a2', 'd', 'dt', 'dd', 'n', 'u', 'lit'],
      title: 'unknown',
      type: 'object',
    };
    const schema = formPageSchema(page);
    expect(schema).toEqual(pydantic);
    expect(JSON.stringify(schema)).toBe(JSON.stringify(pydantic));
  });

  it('gives an empty page pydantic-forms’ empty schema', () => {
    // pydantic: class Empty(FormPage): pass
    expect(formPageSchema(z.object({}))).toEqual({
      additionalProperties: false,
      properties: {},
      title: 'unknown',
      type: 'object',
    });
  });

  it('keeps a page with an id inline, and a strict page closed', () => {
    const page = z.object({ x: z.string() }).strict().meta({ id: 'MyPage', title: 'My page' });
    expect(formPageSchema(page)).toEqual({
      additionalProperties: false,
      properties: { x: { title: 'X', type: 'string' } },
      required: ['x'],
      title: 'My page',
      type: 'object',
    });
  });

  it('matches pydantic-forms’ own wizard page (test_post_form_wizard)', () => {
    const TestChoices = z.enum(['a', 'b']).meta({ id: 'TestChoices' });
    const page = z.object({ generic_select1: TestChoices }).meta({ title: 'Some title' });
    expect(formPageSchema(page)).toEqual({
      title: 'Some title',
      type: 'object',
      additionalProperties: false,
      $defs: { TestChoices: { enum: ['a', 'b'], title: 'TestChoices', type: 'string' } },
      properties: { generic_select1: { $ref: '#/$defs/TestChoices' } },
      required: ['generic_select1'],
    });
  });

  describe('definition names', () => {
    it('uses the meta id, else the meta title in PascalCase, else the field name in PascalCase', () => {
      const page = z.object({
        a: z.enum(['x']).meta({ id: 'Explicit' }),
        b: z.enum(['y']).meta({ title: 'Port speed' }),
        vlan_mode: z.enum(['z']),
      });
      const schema = formPageSchema(page);
      expect(schema.properties).toEqual({
        a: { $ref: '#/$defs/Explicit' },
        b: { $ref: '#/$defs/PortSpeed' },
        vlan_mode: { $ref: '#/$defs/VlanMode' },
      });
      expect(schema.$defs).toEqual({
        Explicit: { enum: ['x'], title: 'Explicit', type: 'string' },
        PortSpeed: { enum: ['y'], title: 'Port speed', type: 'string' },
        VlanMode: { enum: ['z'], title: 'VlanMode', type: 'string' },
      });
    });

    it('numbers different schemas that would share a name, and shares one definition for a reused schema', () => {
      const Mode = z.enum(['a', 'b']);
      const page = z.object({
        kind: z.enum(['x', 'y']),
        other: z.object({ kind: z.enum(['p', 'q']) }),
        first: Mode,
        second: Mode.default('b'),
      });
      const schema = formPageSchema(page);
      expect(schema.properties).toEqual({
        kind: { $ref: '#/$defs/Kind' },
        other: { $ref: '#/$defs/Other' },
        first: { $ref: '#/$defs/First' },
        second: { $ref: '#/$defs/First', default: 'b' },
      });
      expect(schema.$defs).toMatchObject({
        Kind: { enum: ['x', 'y'], title: 'Kind' },
        Kind2: { enum: ['p', 'q'], title: 'Kind' },
        Other: { properties: { kind: { $ref: '#/$defs/Kind2' } } },
        First: { enum: ['a', 'b'] },
      });
    });

    it('puts objects inside lists into $defs and their enums too', () => {
      const page = z.object({
        ports: z.array(z.object({ name: z.string(), mode: z.enum(['tagged', 'untagged']) }).meta({ title: 'Port' })),
      });
      expect(formPageSchema(page)).toEqual({
        $defs: {
          Mode: { enum: ['tagged', 'untagged'], title: 'Mode', type: 'string' },
          Port: {
            properties: { name: { title: 'Name', type: 'string' }, mode: { $ref: '#/$defs/Mode' } },
            required: ['name', 'mode'],
            title: 'Port',
            type: 'object',
          },
        },
        additionalProperties: false,
        properties: { ports: { items: { $ref: '#/$defs/Port' }, title: 'Ports', type: 'array' } },
        required: ['ports'],
        title: 'unknown',
        type: 'object',
      });
    });
  });

  describe('field conventions', () => {
    it('derives titles as pydantic does', () => {
      const page = z.object({
        customer_id: z.string(),
        ipv4_address: z.string(),
        customerID: z.string(),
        a1b: z.string(),
      });
      const properties = formPageSchema(page).properties as Record<string, { title: string }>;
      expect(Object.values(properties).map((p) => p.title)).toEqual([
        'Customer Id',
        'Ipv4 Address',
        'Customerid',
        'A1B',
      ]);
    });

    it('passes widget metadata through and drops zod’s format patterns and integer bounds', () => {
      const page = z.object({
        comment: z.string().meta({ format: 'long' }),
        email: z.email(),
        when: z.iso.datetime(),
        count: z.number().int().min(1),
        small: z.int32(),
      });
      expect(formPageSchema(page).properties).toEqual({
        comment: { format: 'long', title: 'Comment', type: 'string' },
        email: { format: 'email', title: 'Email', type: 'string' },
        when: { format: 'date-time', title: 'When', type: 'string' },
        count: { minimum: 1, title: 'Count', type: 'integer' },
        small: { maximum: 2147483647, minimum: -2147483648, title: 'Small', type: 'integer' },
      });
    });

    it('keeps a nullable field’s title and description on the field', () => {
      const page = z.object({
        a: z.string().meta({ title: 'Label A', description: 'about a' }).nullable(),
        b: z.string().nullish(),
      });
      expect(formPageSchema(page).properties).toEqual({
        a: { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'about a', title: 'Label A' },
        b: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'B' },
      });
    });

    it('renders a type JSON Schema cannot express as an unconstrained field instead of failing', () => {
      const page = z.object({ when: z.date() });
      expect(formPageSchema(page).properties).toEqual({ when: { title: 'When' } });
    });
  });
});
