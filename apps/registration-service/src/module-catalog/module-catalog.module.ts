import { Module } from '@nestjs/common';
import { ModuleCatalogHandlers } from './module-catalog.handlers';
import { ModuleCatalogRepository } from './module-catalog.repository';
import { ModuleCatalogService } from './module-catalog.service';

@Module({
  providers: [ModuleCatalogRepository, ModuleCatalogService, ModuleCatalogHandlers],
  exports: [ModuleCatalogService],
})
export class ModuleCatalogModule {}
