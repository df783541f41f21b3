import type { MessageContract } from '../messages/message-definition';
import type { VersionSchema } from './json-schema.generator';

/** Published schema files by file name (`<Type>.v<N>.json`), parsed. */
export type PublishedSchemas = ReadonlyMap<string, unknown>;

// Key order is not meaning, and the parsed file may come from another realm (Jest's sandbox), so
// compare canonical JSON rather than object identity or prototypes.
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, child]) => [key, canonical(child)]));
  }
  return value;
}

const sameSchema = (a: unknown, b: unknown): boolean =>
  JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/**
 * Published versions are immutable: a consumer of version N must keep accepting what producers of
 * version N send, and retained records stay in version N for weeks. So a published file may
 * neither change nor disappear, and every later version needs an upcaster from the one before.
 */
export function findCompatibilityProblems(
  definitions: readonly MessageContract[],
  generated: readonly VersionSchema[],
  published: PublishedSchemas,
  schemasDir: string,
): string[] {
  const problems: string[] = [];
  for (const { type, version, fileName, schema } of generated) {
    const before = published.get(fileName);
    if (before !== undefined && !sameSchema(before, schema)) {
      problems.push(
        `${type} v${version} differs from its published schema ${schemasDir}/${fileName}; ` +
          'published versions are immutable: add a new version with an upcaster instead',
      );
    }
  }
  const defined = new Set(generated.map(({ fileName }) => fileName));
  for (const fileName of published.keys()) {
    if (!defined.has(fileName)) {
      problems.push(
        `${schemasDir}/${fileName} is published but its version is no longer defined; ` +
          'versions cannot be removed, since producers and retained records may still use them',
      );
    }
  }
  for (const definition of definitions) {
    definition.versions.forEach((step, index) => {
      if (step.version !== index + 1) {
        problems.push(`${definition.name} lists version ${step.version} in position ${index + 1}`);
      }
      if (index > 0 && step.upcast === undefined) {
        problems.push(`${definition.name} v${step.version} has no upcaster from v${step.version - 1}`);
      }
    });
  }
  return problems;
}
