import type { ModuleSeatsView } from '@platform/read-models';
import type { Queryable } from '@platform/persistence';
import type { CatalogEntry, ModuleCatalogRepository } from './module-catalog.repository';
import { ModuleCatalogService, type ModuleChange } from './module-catalog.service';

const view = (moduleId: string) =>
  ({ moduleId, fee: { amountCents: 900, currency: 'EUR' } }) as ModuleSeatsView;

function harness(options: {
  copy?: CatalogEntry[];
  readModel?: (id: string) => Promise<ModuleSeatsView | undefined>;
}) {
  const calls: unknown[] = [];
  const repository = {
    upsert: async (_db: Queryable, entry: CatalogEntry, lsn: number) =>
      void calls.push(['upsert', entry, lsn]),
    markRemoved: async (_db: Queryable, moduleId: string, lsn: number) =>
      void calls.push(['removed', moduleId, lsn]),
    find: async (_db: Queryable, moduleId: string) =>
      options.copy?.find((entry) => entry.moduleId === moduleId),
  } as unknown as ModuleCatalogRepository;
  const service = new ModuleCatalogService(
    { query: (() => Promise.reject(new Error('not used'))) as never },
    repository,
    { module: options.readModel ?? (async () => undefined) },
  );
  return { service, calls };
}

describe(ModuleCatalogService.name, () => {
  it("quotes from the service's own copy, without asking the read model", async () => {
    const entry = { moduleId: 'CS101', fee: { amountCents: 2500, currency: 'EUR' } };
    const { service } = harness({
      copy: [entry],
      readModel: () => Promise.reject(new Error('the read model must not be asked')),
    });
    expect(await service.quote('CS101')).toEqual(entry);
  });

  it('asks the read model for a module the copy has not heard of yet', async () => {
    const { service } = harness({ readModel: async (id) => (id === 'NEW1' ? view('NEW1') : undefined) });
    expect(await service.quote('NEW1')).toEqual({
      moduleId: 'NEW1',
      fee: { amountCents: 900, currency: 'EUR' },
    });
    expect(await service.quote('NOPE')).toBeUndefined();
  });

  it('takes an unreachable Redis for "not heard of" rather than failing the request', async () => {
    const { service } = harness({ readModel: () => Promise.reject(new Error('Connection is closed.')) });
    expect(await service.quote('CS101')).toBeUndefined();
  });

  it('keeps a changed row at its fee and WAL position, and a deleted one as removed', async () => {
    const { service, calls } = harness({});
    const row = { module_id: 'CS101', fee_cents: 2500, currency: 'EUR', __lsn: 42 };
    await service.apply({ kind: 'row', topic: 'cdc.seat_inventory.public.modules', row } as ModuleChange);
    await service.apply({
      kind: 'deleted',
      topic: 'cdc.seat_inventory.public.modules',
      id: 'CS101',
      lsn: 43,
      sourceTsMs: 0,
    });
    expect(calls).toEqual([
      ['upsert', { moduleId: 'CS101', fee: { amountCents: 2500, currency: 'EUR' } }, 42],
      ['removed', 'CS101', 43],
    ]);
  });
});
