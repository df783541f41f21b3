import { z } from 'zod';
import { dataSchemaUri } from '../envelope/data-schema.uri';
import { envelopeHeadersSchema } from '../envelope/envelope.headers';
import type { MessageContract } from '../messages/message-definition';

export type JsonSchema = Record<string, unknown>;

export interface VersionSchema {
  readonly type: string;
  readonly version: number;
  readonly fileName: string;
  readonly schema: JsonSchema;
}

export function schemaFileName(type: string, version: number): string {
  return `${type}.v${version}.json`;
}

// Draft 07, because AsyncAPI's schema format is a superset of it. The input side is what a
// consumer of that version accepts: unknown fields are allowed and ignored.
function toJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as JsonSchema;
}

/** The published form of every version of every message type, `$id` being its dataschema URI. */
export function versionSchemas(definitions: readonly MessageContract[]): VersionSchema[] {
  return definitions.flatMap((definition) =>
    definition.versions.map(({ version, schema }) => {
      const { $schema, ...body } = toJsonSchema(schema);
      return {
        type: definition.name,
        version,
        fileName: schemaFileName(definition.name, version),
        schema: {
          $schema,
          $id: dataSchemaUri(definition.name, version),
          title: `${definition.name} v${version}`,
          ...body,
        },
      };
    }),
  );
}

export function envelopeHeadersJsonSchema(): JsonSchema {
  const { $schema: _dialect, ...body } = toJsonSchema(envelopeHeadersSchema);
  return body;
}
