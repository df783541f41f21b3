import fc from 'fast-check';

interface JsonSchemaNode {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

// Keywords this generator honours; anything else makes it fail loudly rather than produce
// values the schema may reject.
const understood = new Set([
  '$schema',
  '$id',
  'title',
  'description',
  'type',
  'properties',
  'required',
  'enum',
  'const',
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
]);

// fc.integer works within 32 bits, which is plenty for counts and cents in tests.
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function stringArbitrary(node: JsonSchemaNode): fc.Arbitrary<string> {
  if (node.format === 'date-time') {
    return fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2100-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString());
  }
  const minLength = node.minLength ?? 0;
  const maxLength = node.maxLength ?? 64;
  const base =
    node.pattern === undefined
      ? fc.string({ minLength, maxLength })
      : fc.stringMatching(new RegExp(node.pattern));
  return base.filter((value) => value.length >= minLength && value.length <= maxLength);
}

/** Values valid under the JSON Schema subset the contracts generate (objects, strings, integers, enums). */
export function arbitraryFromJsonSchema(node: JsonSchemaNode): fc.Arbitrary<unknown> {
  const unknownKeywords = Object.keys(node).filter((keyword) => !understood.has(keyword));
  if (unknownKeywords.length > 0)
    throw new Error(`unsupported JSON Schema keywords: ${unknownKeywords.join(', ')}`);
  if (node.const !== undefined) return fc.constant(node.const);
  if (node.enum !== undefined) return fc.constantFrom(...node.enum);
  switch (node.type) {
    case 'object': {
      const properties = Object.entries(node.properties ?? {}).map(
        ([name, property]) => [name, arbitraryFromJsonSchema(property)] as const,
      );
      return fc.record(Object.fromEntries(properties), { requiredKeys: [...(node.required ?? [])] });
    }
    case 'string':
      return stringArbitrary(node);
    case 'integer':
      return fc.integer({
        min: Math.max(node.minimum ?? INT32_MIN, INT32_MIN),
        max: Math.min(node.maximum ?? INT32_MAX, INT32_MAX),
      });
    case 'boolean':
      return fc.boolean();
    default:
      throw new Error(`unsupported JSON Schema type: ${String(node.type)}`);
  }
}
