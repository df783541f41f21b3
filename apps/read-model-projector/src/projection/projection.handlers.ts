import { Inject, Injectable } from '@nestjs/common';
import { ChangeHandler, type RowChange } from '@platform/messaging';
import { changeOf } from '../cdc/cdc.decoder';
import { ProjectionService } from './projection.service';

/** The CDC topics' row changes, each projected into the read models. */
@Injectable()
export class ProjectionHandlers {
  constructor(@Inject(ProjectionService) private readonly projection: ProjectionService) {}

  @ChangeHandler('cdc.seat_inventory.public.modules')
  async onModuleChanged(change: RowChange<'cdc.seat_inventory.public.modules'>): Promise<void> {
    await this.projection.project(changeOf(change));
  }

  @ChangeHandler('cdc.registration.public.registration_status')
  async onRegistrationStatusChanged(
    change: RowChange<'cdc.registration.public.registration_status'>,
  ): Promise<void> {
    await this.projection.project(changeOf(change));
  }
}
