import { Controller, Get, Inject } from '@nestjs/common';
import { ReadModelReader } from '@platform/read-models';
import { Public } from '../sessions/session.decorators';
import type { ModuleSeats } from './modules.schemas';

@Controller('modules')
export class ModulesController {
  constructor(@Inject(ReadModelReader) private readonly readModels: Pick<ReadModelReader, 'modules'>) {}

  /** Seats and fees of every module, from the Redis read model the projector keeps. */
  @Public()
  @Get()
  async list(): Promise<ModuleSeats[]> {
    return (await this.readModels.modules()).map(
      ({ moduleId, title, capacity, reserved, confirmed, available, fee }) => ({
        moduleId,
        title,
        capacity,
        reserved,
        confirmed,
        available,
        fee,
      }),
    );
  }
}
