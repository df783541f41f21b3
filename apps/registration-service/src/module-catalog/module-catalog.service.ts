import { Inject, Injectable } from '@nestjs/common';
import type { RowChange } from '@platform/messaging';
import { ReadModelReader } from '@platform/read-models';
import { Database } from '../database/database';
import { ModuleCatalogRepository, type CatalogEntry } from './module-catalog.repository';

export type ModuleChange = RowChange<'cdc.seat_inventory.public.modules'>;

/**
 * Which modules exist and at what fee, as far as taking a registration is concerned. The answer
 * comes from this service's own copy of seat-inventory's catalog, kept from its module rows, so a
 * lost or rebuilding Redis never turns a valid registration away. The read model is asked only
 * when the copy has not heard of a module yet: both follow the same CDC topic, and either may be
 * the first to see a new module.
 */
@Injectable()
export class ModuleCatalogService {
  constructor(
    @Inject(Database) private readonly db: Pick<Database, 'query'>,
    @Inject(ModuleCatalogRepository) private readonly catalog: ModuleCatalogRepository,
    @Inject(ReadModelReader) private readonly readModels: Pick<ReadModelReader, 'module'>,
  ) {}

  async apply(change: ModuleChange): Promise<void> {
    switch (change.kind) {
      case 'row': {
        const { module_id: moduleId, fee_cents: amountCents, currency, __lsn: lsn } = change.row;
        return this.catalog.upsert(this.db, { moduleId, fee: { amountCents, currency } }, lsn);
      }
      case 'deleted':
        return this.catalog.markRemoved(this.db, change.id, change.lsn);
    }
  }

  /** The module's fee, or undefined when it does not exist (as far as anyone here has heard). */
  async quote(moduleId: string): Promise<CatalogEntry | undefined> {
    const entry = await this.catalog.find(this.db, moduleId);
    if (entry) return entry;
    const view = await this.readModels.module(moduleId).catch(() => undefined);
    return view && { moduleId, fee: view.fee };
  }
}
