import fc from 'fast-check';
import { versionSchemas } from '../generation/json-schema.generator';
import { arbitraryFromJsonSchema } from '../testing/json-schema.arbitrary';
import { decodeIncoming } from './message.codec';
import { messageDefinitions } from './message.registry';

// Payloads are drawn from each version's own published JSON Schema, so this also checks that what
// the schema file promises is what the zod schema accepts.
const cases = versionSchemas(messageDefinitions).map(({ type, version, schema }) => {
  const definition = messageDefinitions.find((candidate) => candidate.name === type);
  if (definition === undefined) throw new Error(`no definition for ${type}`);
  return { type, version, definition, payloads: arbitraryFromJsonSchema(schema) };
});

describe('upcasting every version', () => {
  it('covers the old versions too', () => {
    expect(cases.some(({ definition, version }) => version < definition.currentVersion)).toBe(true);
  });

  it.each(cases.map((c) => [`${c.type} v${c.version}`, c] as const))(
    '%s decodes to a payload valid under the current version',
    (_label, { type, version, definition, payloads }) => {
      const ownSchema = definition.versions[version - 1]?.schema;
      fc.assert(
        fc.property(payloads, (payload) => {
          expect(ownSchema?.safeParse(payload).success).toBe(true);
          const decoded = decodeIncoming(type, version, payload);
          if (!decoded.ok) throw new Error(decoded.reason);
          expect(decoded.message.type).toBe(type);
          expect(definition.schema.safeParse(decoded.message.data).success).toBe(true);
        }),
        { numRuns: 50 },
      );
    },
  );
});
