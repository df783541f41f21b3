import { Inject, Injectable } from '@nestjs/common';
import { ChangeHandler, type CdcRecord } from '@platform/messaging';
import { changeOf } from '../cdc/cdc.decoder';
import { ProjectionService } from './projection.service';

type Change<T extends 'cdc.seat_inventory.public.modules' | 'cdc.registration.public.registration_status'> =
  Exclude<CdcRecord<T>, { kind: 'tombstone' }>;

/** The CDC topics' row changes, each projected into the read models. */
@Injectable()
export class ProjectionHandlers {
  constructor(@Inject(ProjectionService) private readonly projection: ProjectionService) {}

  @ChangeHandler('cdc.seat_inventory.public.modules')
  async onModuleChanged(change: Change<'cdc.seat_inventory.public.modules'>): Promise<void> {
    await this.projection.project(changeOf(change));
  }

  @ChangeHandler('cdc.registration.public.registration_status')
  async onRegistrationStatusChanged(
    change: Change<'cdc.registration.public.registration_status'>,
  ): Promise<void> {
    await this.projection.project(changeOf(change));
  }
}
