import { z } from 'zod';
import type { MessageContract } from '../messages/message-definition';
import { MessageDefinition } from '../messages/message-definition';
import { versionSchemas } from './json-schema.generator';
import { findCompatibilityProblems, type PublishedSchemas } from './schema-compatibility';

const DIR = 'libs/contracts/schemas';
const meta = { name: 'ParcelWeighed', topic: 'parcel.events', key: 'parcelId', description: 'test' } as const;
const v1 = z.object({ parcelId: z.string(), weight: z.number() });
const v2 = z.object({ parcelId: z.string(), weightGrams: z.number().int() });

const oneVersion = MessageDefinition.first(meta, v1);
const twoVersions = oneVersion
  .version(v2)
  .upcastFrom((previous) => ({ parcelId: previous.parcelId, weightGrams: previous.weight * 1000 }));

function publish(definitions: readonly MessageContract[]): PublishedSchemas {
  return new Map(
    versionSchemas(definitions).map(({ fileName, schema }) => [fileName, structuredClone(schema)]),
  );
}

function problems(definitions: readonly MessageContract[], published: PublishedSchemas): string[] {
  return findCompatibilityProblems(definitions, versionSchemas(definitions), published, DIR);
}

describe(findCompatibilityProblems.name, () => {
  it('accepts definitions identical to what was published', () => {
    expect(problems([twoVersions], publish([twoVersions]))).toEqual([]);
  });

  it('accepts a new version that is not published yet', () => {
    expect(problems([twoVersions], publish([oneVersion]))).toEqual([]);
  });

  it('rejects a change to a published version and says what to do instead', () => {
    const widened = MessageDefinition.first(meta, v1.extend({ weight: z.number().optional() }));
    expect(problems([widened], publish([oneVersion]))).toEqual([
      `ParcelWeighed v1 differs from its published schema ${DIR}/ParcelWeighed.v1.json; ` +
        'published versions are immutable: add a new version with an upcaster instead',
    ]);
  });

  it('rejects a removed version', () => {
    expect(problems([oneVersion], publish([twoVersions]))).toEqual([
      `${DIR}/ParcelWeighed.v2.json is published but its version is no longer defined; ` +
        'versions cannot be removed, since producers and retained records may still use them',
    ]);
  });

  it('rejects a removed message type', () => {
    expect(problems([], publish([oneVersion]))).toHaveLength(1);
  });

  it('rejects a later version without an upcaster', () => {
    const withoutUpcaster: MessageContract = {
      ...twoVersions,
      name: twoVersions.name,
      currentVersion: 2,
      validate: (data) => data,
      decode: () => ({ ok: false, code: 'UPCAST_FAILED', reason: 'n/a' }),
      versions: twoVersions.versions.map((version) => ({ ...version, upcast: undefined })),
    };
    expect(problems([withoutUpcaster], publish([twoVersions]))).toEqual([
      'ParcelWeighed v2 has no upcaster from v1',
    ]);
  });
});
