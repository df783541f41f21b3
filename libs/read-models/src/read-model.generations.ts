import { randomBytes } from 'node:crypto';

/**
 * SET of the generations the live projector writes to: the active one and, during a rebuild, the
 * one being filled. A change the projector applies while a rebuild runs lands in both, so the new
 * generation misses nothing that happened after its replay started.
 */
export const WRITABLE_GENERATIONS_KEY = 'readmodel:writable';

/** Held (SET NX PX) by the one projector instance that rebuilds; its value is the new generation. */
export const REBUILD_LOCK_KEY = 'readmodel:rebuild-lock';

/**
 * HASH `<model>:<id>` -> version of entries the generation saw deleted, so a replayed older change
 * cannot bring a deleted entry back.
 */
export function tombstonesKey(generation: string): string {
  return `readmodel:${generation}:tombstones`;
}

/** A SCAN pattern matching every key of one generation. */
export function generationKeyPattern(generation: string): string {
  return `readmodel:${generation}:*`;
}

/**
 * A new generation id: sortable by creation time, unique across instances, and free of the `:`,
 * `*`, `?` and `[` that would break the key layout or a SCAN pattern.
 */
export function newGenerationId(now: Date = new Date(), random: Buffer = randomBytes(3)): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '').toLowerCase();
  return `g${stamp}-${random.toString('hex')}`;
}
