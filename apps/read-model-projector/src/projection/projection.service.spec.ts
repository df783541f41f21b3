import { moduleRow } from '@platform/contracts';
import type { ApplyOutcome, ApplyResult, Projection } from '@platform/read-models';
import type { RealtimeUpdate } from './realtime.updates';
import { ProjectionService } from './projection.service';

const row = (lsn: number, reserved = 1) =>
  moduleRow.parse({
    module_id: 'CS101',
    title: 'Intro',
    capacity: 10,
    reserved,
    confirmed: 0,
    updated_at: '2026-11-25T12:00:00Z',
    fee_cents: 0,
    currency: 'EUR',
    __deleted: 'false',
    __op: 'u',
    __lsn: lsn,
    __source_ts_ms: Date.parse('2026-11-25T12:00:01Z'),
  });

const result = (outcome: ApplyOutcome | undefined): ApplyResult => ({
  active: outcome ? 'g1' : undefined,
  outcomes: outcome ? [{ generation: 'g1', outcome }] : [],
  outcome,
});

describe(ProjectionService.name, () => {
  function setup(outcomes: (ApplyOutcome | undefined)[]) {
    const applied: Projection[] = [];
    const published: RealtimeUpdate[] = [];
    const projected: [string, ApplyOutcome][] = [];
    let ensured = 0;
    const service = new ProjectionService(
      {
        apply: async (_target, projection) => {
          applied.push(projection);
          return result(outcomes.shift());
        },
      },
      { publish: async (update) => void published.push(update) },
      { projected: (model, outcome) => void projected.push([model, outcome]) },
      { ensureActive: async () => void (ensured += 1) },
    );
    return { service, applied, published, projected, ensured: () => ensured };
  }

  it('publishes the seat counts of an applied change, keyed to its module channel', async () => {
    const { service, applied, published, projected } = setup(['applied']);
    await service.project({ kind: 'module', row: row(20, 3) });
    expect(applied[0]).toMatchObject({ model: 'modules', id: 'CS101', version: 20 });
    expect(published).toEqual([
      {
        type: 'SeatAvailableChanged',
        data: expect.objectContaining({ channel: 'module:CS101', reserved: 3, available: 7 }),
      },
    ]);
    expect(projected).toEqual([['modules', 'applied']]);
  });

  it('publishes a replayed change again (the first send may have been lost) but never a stale one', async () => {
    const { service, published, projected } = setup(['replayed', 'stale']);
    await service.project({ kind: 'module', row: row(20) });
    await service.project({ kind: 'module', row: row(10) });
    expect(published).toHaveLength(1);
    expect(projected).toEqual([
      ['modules', 'replayed'],
      ['modules', 'stale'],
    ]);
  });

  it('builds a generation first when Redis has none, then applies the change again', async () => {
    const { service, applied, published, ensured } = setup([undefined, 'replayed']);
    await service.project({ kind: 'module', row: row(20) });
    expect(ensured()).toBe(1);
    expect(applied).toHaveLength(2);
    expect(published).toHaveLength(1);
  });

  it('ignores a tombstone', async () => {
    const { service, applied } = setup([]);
    await service.project({ kind: 'tombstone', topic: 'cdc.seat_inventory.public.modules' });
    expect(applied).toEqual([]);
  });
});
