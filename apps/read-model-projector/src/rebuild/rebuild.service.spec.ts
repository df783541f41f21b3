import { Logger } from '@nestjs/common';
import type { ProjectionStore } from '@platform/read-models';
import type { ProjectorMetrics } from '../core/projector.metrics';
import type { CdcReplayer, ReplayRequest } from './cdc.replayer';
import { RebuildInProgressError, RebuildService } from './rebuild.service';

const empty = { modules: new Map<string, string>(), registrations: new Map<string, string>() };

describe(RebuildService.name, () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  function setup(
    options: { active?: string; replay?: (request: ReplayRequest) => Promise<Record<string, number>> } = {},
  ) {
    const calls: string[] = [];
    let active = options.active;
    let locked = false;
    const store = {
      tryLockRebuild: async () => {
        if (locked) return false;
        locked = true;
        return true;
      },
      unlockRebuild: async () => {
        locked = false;
        calls.push('unlock');
      },
      openGeneration: async (generation: string) => void calls.push(`open ${generation}`),
      activeGeneration: async () => active,
      entries: async () => empty,
      switchActive: async (generation: string) => {
        calls.push(`switch ${generation}`);
        const previous = active;
        active = generation;
        return { previous, replaced: previous ? [previous] : [] };
      },
      dropGeneration: async (generation: string) => {
        calls.push(`drop ${generation}`);
        return 0;
      },
    } as unknown as ProjectionStore;
    const replayer = {
      replay: options.replay ?? (async () => ({ 'cdc.seat_inventory.public.modules': 3 })),
    } as unknown as CdcReplayer;
    const outcomes: string[] = [];
    const metrics = {
      rebuilt: (outcome: string) => void outcomes.push(outcome),
    } as unknown as ProjectorMetrics;
    const service = new RebuildService(store, replayer, metrics, { rebuildTimeoutMs: 5_000 });
    return { service, calls, outcomes, active: () => active };
  }

  it('opens a generation, switches to it after the replay, then drops the old one', async () => {
    const { service, calls, outcomes } = setup({ active: 'g-old' });
    const report = await service.rebuild();
    expect(report.previousGeneration).toBe('g-old');
    expect(calls).toEqual([
      `open ${report.generation}`,
      `switch ${report.generation}`,
      'drop g-old',
      'unlock',
    ]);
    expect(outcomes).toEqual(['succeeded']);
  });

  it('drops its own generation and leaves the active one when the replay fails', async () => {
    const { service, calls, outcomes, active } = setup({
      active: 'g-old',
      replay: async () => {
        throw new Error('broker gone');
      },
    });
    await expect(service.rebuild()).rejects.toThrow('broker gone');
    expect(active()).toBe('g-old');
    expect(calls.filter((call) => call.startsWith('switch'))).toEqual([]);
    expect(calls.at(-2)).toMatch(/^drop g\d/);
    expect(calls.at(-1)).toBe('unlock');
    expect(outcomes).toEqual(['failed']);
  });

  it('refuses a second rebuild while one runs', async () => {
    let release!: () => void;
    const { service } = setup({
      replay: () => new Promise((resolve) => (release = () => resolve({}))),
    });
    const first = service.rebuild();
    await expect(service.rebuild()).rejects.toBeInstanceOf(RebuildInProgressError);
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await first;
  });

  it('builds a generation only when none is active', async () => {
    const withActive = setup({ active: 'g-old' });
    await withActive.service.ensureActive();
    expect(withActive.calls).toEqual([]);

    const fresh = setup();
    await fresh.service.ensureActive();
    expect(fresh.active()).toMatch(/^g\d/);
  });
});
