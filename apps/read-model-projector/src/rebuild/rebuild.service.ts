import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { InboundMessage } from '@platform/messaging';
import { newGenerationId, ProjectionStore } from '@platform/read-models';
import type { Config } from '../config';
import { cdcTopics, decodeCdcRecord } from '../cdc/cdc.decoder';
import { projectionOf } from '../cdc/cdc.projection';
import { CONFIG } from '../core/core.tokens';
import { ProjectorMetrics } from '../core/projector.metrics';
import { CdcReplayer } from './cdc.replayer';
import { compareGenerations, type GenerationComparison } from './rebuild.comparison';

export interface RebuildReport {
  generation: string;
  previousGeneration: string | null;
  trigger: 'request' | 'bootstrap';
  durationMs: number;
  replayed: {
    /** Records applied per CDC topic. */
    topics: Record<string, number>;
    /** Records no decoder understands; the live consumer dead-letters them. */
    skipped: number;
  };
  /** The rebuilt read models against the ones readers saw until the switch. */
  comparison: GenerationComparison;
}

/** Another rebuild runs (in this instance or, holding the lock, in another one). */
export class RebuildInProgressError extends Error {
  override readonly name = 'RebuildInProgressError';
}

/**
 * Rebuilds the read models into a new generation and switches readers to it in one step:
 * open the generation (live changes now reach it too), replay every CDC topic from its start to the
 * end offsets of that moment, compare with the active generation, switch, drop the old one.
 */
@Injectable()
export class RebuildService {
  private readonly logger = new Logger(RebuildService.name);
  private running: Promise<RebuildReport> | undefined;
  private ensuring: Promise<void> | undefined;

  constructor(
    @Inject(ProjectionStore) private readonly store: ProjectionStore,
    @Inject(CdcReplayer) private readonly replayer: CdcReplayer,
    @Inject(ProjectorMetrics) private readonly metrics: ProjectorMetrics,
    @Inject(CONFIG) private readonly config: Pick<Config, 'rebuildTimeoutMs'>,
  ) {}

  rebuild(trigger: RebuildReport['trigger'] = 'request'): Promise<RebuildReport> {
    if (this.running) return Promise.reject(new RebuildInProgressError('a rebuild is already running here'));
    this.running = this.run(trigger).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Returns once a generation is active. On a fresh or flushed Redis that means a rebuild: the
   * compacted CDC topics hold the latest row of every key, so the replay is the whole truth.
   */
  ensureActive(): Promise<void> {
    this.ensuring ??= this.buildUnlessActive().finally(() => {
      this.ensuring = undefined;
    });
    return this.ensuring;
  }

  private async buildUnlessActive(): Promise<void> {
    const deadline = Date.now() + this.config.rebuildTimeoutMs;
    while (!(await this.store.activeGeneration())) {
      if (Date.now() > deadline)
        throw new Error('no read-model generation became active before the rebuild timeout');
      try {
        await (this.running ?? this.rebuild('bootstrap'));
      } catch (error) {
        if (!(error instanceof RebuildInProgressError)) throw error;
        await sleep(500);
      }
    }
  }

  private async run(trigger: RebuildReport['trigger']): Promise<RebuildReport> {
    const generation = newGenerationId();
    if (!(await this.store.tryLockRebuild(generation, this.config.rebuildTimeoutMs))) {
      throw new RebuildInProgressError('another projector instance is rebuilding');
    }
    const startedAt = performance.now();
    const seconds = () => (performance.now() - startedAt) / 1000;
    let switched = false;
    try {
      this.logger.log(`rebuilding into ${generation} (${trigger})`);
      await this.store.openGeneration(generation);
      const replayed = await this.replay(generation);
      const previous = await this.store.activeGeneration();
      const comparison = compareGenerations(
        await this.store.entries(generation),
        previous ? await this.store.entries(previous) : undefined,
      );
      const { replaced } = await this.store.switchActive(generation);
      switched = true;
      for (const old of replaced) await this.store.dropGeneration(old);
      this.metrics.rebuilt('succeeded', seconds());
      const report: RebuildReport = {
        generation,
        previousGeneration: previous ?? null,
        trigger,
        durationMs: Math.round(seconds() * 1000),
        replayed,
        comparison,
      };
      this.logger.log(`switched to ${generation}: ${JSON.stringify(report.comparison)}`);
      return report;
    } catch (error) {
      this.metrics.rebuilt('failed', seconds());
      if (!switched) await this.store.dropGeneration(generation).catch(() => undefined);
      throw error;
    } finally {
      await this.store.unlockRebuild(generation).catch(() => undefined);
    }
  }

  private async replay(generation: string): Promise<RebuildReport['replayed']> {
    let skipped = 0;
    const apply = async (message: InboundMessage): Promise<void> => {
      let change;
      try {
        change = decodeCdcRecord(message);
      } catch {
        skipped += 1;
        return;
      }
      if (change.kind === 'tombstone') return;
      await this.store.apply({ generation }, projectionOf(change));
    };
    const topics = await this.replayer.replay({
      groupId: `read-model-projector.rebuild.${generation}`,
      topics: cdcTopics,
      timeoutMs: this.config.rebuildTimeoutMs,
      apply,
    });
    return { topics, skipped };
  }
}
