import { Inject, Injectable } from '@nestjs/common';
import { ChangeHandler } from '@platform/messaging';
import { ModuleCatalogService, type ModuleChange } from './module-catalog.service';

@Injectable()
export class ModuleCatalogHandlers {
  constructor(@Inject(ModuleCatalogService) private readonly catalog: ModuleCatalogService) {}

  @ChangeHandler('cdc.seat_inventory.public.modules')
  async onModuleChanged(change: ModuleChange): Promise<void> {
    await this.catalog.apply(change);
  }
}
