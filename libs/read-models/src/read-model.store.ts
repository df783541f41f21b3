import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { generationKeyPattern, REBUILD_LOCK_KEY, WRITABLE_GENERATIONS_KEY } from './read-model.generations';
import { ACTIVE_GENERATION_KEY, generationKeys } from './read-model.keys';
import type { Projection } from './read-model.projection';
import { APPLY_CHANGE, RELEASE_LOCK, SWITCH_ACTIVE } from './read-model.scripts';

/** `applied` wrote the change; `replayed` (same version) and `stale` (older) wrote nothing. */
export type ApplyOutcome = 'applied' | 'replayed' | 'stale';

/** Every writable generation, or one named generation (a rebuild filling its own). */
export type ApplyTarget = 'writable' | { generation: string };

export interface ApplyResult {
  /** The active generation at the moment of the write. */
  active: string | undefined;
  /** One per generation written to; empty when there was none (a fresh or flushed Redis). */
  outcomes: { generation: string; outcome: ApplyOutcome }[];
  /**
   * What readers now see: the active generation's outcome, or the best outcome while no
   * generation is active yet. Undefined when there was nothing to write to.
   */
  outcome: ApplyOutcome | undefined;
}

/** The raw JSON views of one generation, by entry id. */
export interface GenerationEntries {
  modules: Map<string, string>;
  registrations: Map<string, string>;
}

export interface SwitchResult {
  previous: string | undefined;
  /** Generations no longer active or writable, whose keys can now be deleted. */
  replaced: string[];
}

const outcomeRank: Record<ApplyOutcome, number> = { stale: 0, replayed: 1, applied: 2 };
const SCAN_BATCH = 500;

/**
 * The writer side of the read models: applies projections to generations with a compare-and-set
 * on the version (one Lua script per change), and manages generations for the rebuild.
 */
export class ProjectionStore {
  private readonly shas = new Map<string, string>();

  constructor(private readonly redis: Redis) {}

  async apply(target: ApplyTarget, projection: Projection): Promise<ApplyResult> {
    const generation = target === 'writable' ? '' : target.generation;
    const reply = (await this.run(
      APPLY_CHANGE,
      [ACTIVE_GENERATION_KEY, WRITABLE_GENERATIONS_KEY],
      [
        generation,
        projection.model,
        projection.id,
        String(projection.version),
        projection.view ? JSON.stringify(projection.view) : '',
        projection.model === 'registrations' && projection.view ? projection.view.studentId : '',
      ],
    )) as string[];
    const [active, ...pairs] = reply;
    const outcomes: ApplyResult['outcomes'] = [];
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      outcomes.push({ generation: pairs[i] as string, outcome: pairs[i + 1] as ApplyOutcome });
    }
    const activeOutcome = outcomes.find((entry) => entry.generation === active)?.outcome;
    const best = outcomes.map((entry) => entry.outcome).sort((a, b) => outcomeRank[b] - outcomeRank[a])[0];
    return { active: active || undefined, outcomes, outcome: activeOutcome ?? best };
  }

  async activeGeneration(): Promise<string | undefined> {
    return (await this.redis.get(ACTIVE_GENERATION_KEY)) ?? undefined;
  }

  async writableGenerations(): Promise<string[]> {
    return (await this.redis.smembers(WRITABLE_GENERATIONS_KEY)).sort();
  }

  /** Makes a new generation writable: from now on live changes reach it too. */
  async openGeneration(generation: string): Promise<void> {
    await this.redis.sadd(WRITABLE_GENERATIONS_KEY, generation);
  }

  /** Points readers at `generation` in one step and leaves it the only writable generation. */
  async switchActive(generation: string): Promise<SwitchResult> {
    const [previous, ...replaced] = (await this.run(
      SWITCH_ACTIVE,
      [ACTIVE_GENERATION_KEY, WRITABLE_GENERATIONS_KEY],
      [generation],
    )) as string[];
    return { previous: previous || undefined, replaced };
  }

  /** Stops writing to a generation and deletes its keys. Never call it for the active one. */
  async dropGeneration(generation: string): Promise<number> {
    await this.redis.srem(WRITABLE_GENERATIONS_KEY, generation);
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(
        cursor,
        'MATCH',
        generationKeyPattern(generation),
        'COUNT',
        SCAN_BATCH,
      );
      cursor = next;
      if (keys.length > 0) deleted += await this.redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  }

  async entries(generation: string): Promise<GenerationEntries> {
    const keys = generationKeys(generation);
    const [modules, registrations] = await Promise.all([
      this.redis.hgetall(keys.modules),
      this.redis.hgetall(keys.registrations),
    ]);
    return {
      modules: new Map(Object.entries(modules)),
      registrations: new Map(Object.entries(registrations)),
    };
  }

  /** Takes the rebuild lock for `ttlMs` unless another rebuild holds it. */
  async tryLockRebuild(token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(REBUILD_LOCK_KEY, token, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async unlockRebuild(token: string): Promise<void> {
    await this.run(RELEASE_LOCK, [REBUILD_LOCK_KEY], [token]);
  }

  /** EVALSHA, loading the script on the first NOSCRIPT (a restarted or flushed Redis forgets scripts). */
  private async run(script: string, keys: string[], args: string[]): Promise<unknown> {
    let sha = this.shas.get(script);
    if (!sha) {
      sha = createHash('sha1').update(script).digest('hex');
      this.shas.set(script, sha);
    }
    try {
      return await this.redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.redis.eval(script, keys.length, ...keys, ...args);
    }
  }
}
