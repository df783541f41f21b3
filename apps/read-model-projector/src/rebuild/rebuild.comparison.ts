import { isDeepStrictEqual } from 'node:util';
import type { GenerationEntries } from '@platform/read-models';

/** How a rebuilt read model differs from the one readers saw until the switch. */
export interface EntryComparison {
  /** In both, with the same view. */
  equal: number;
  /** In both, with different views (the active one had drifted, or a change landed mid-compare). */
  differing: number;
  /** Rebuilt, but missing from the active read model. */
  missing: number;
  /** Only in the active read model: the rebuild found no row for them. */
  extra: number;
}

export interface GenerationComparison {
  modules: EntryComparison;
  registrations: EntryComparison;
}

export function compareGenerations(
  rebuilt: GenerationEntries,
  active: GenerationEntries | undefined,
): GenerationComparison {
  return {
    modules: compareEntries(rebuilt.modules, active?.modules ?? new Map()),
    registrations: compareEntries(rebuilt.registrations, active?.registrations ?? new Map()),
  };
}

function compareEntries(rebuilt: Map<string, string>, active: Map<string, string>): EntryComparison {
  const result: EntryComparison = { equal: 0, differing: 0, missing: 0, extra: 0 };
  for (const [id, json] of rebuilt) {
    const current = active.get(id);
    if (current === undefined) result.missing += 1;
    else if (current === json || isDeepStrictEqual(parse(current), parse(json))) result.equal += 1;
    else result.differing += 1;
  }
  for (const id of active.keys()) if (!rebuilt.has(id)) result.extra += 1;
  return result;
}

function parse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}
