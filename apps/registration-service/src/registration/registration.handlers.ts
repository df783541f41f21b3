import { Inject, Injectable } from '@nestjs/common';
import type { MessageOf } from '@platform/contracts';
import { CommandHandler, type HandlerContext } from '@platform/messaging';
import { RegistrationService } from './registration.service';

@Injectable()
export class RegistrationCommandHandlers {
  constructor(@Inject(RegistrationService) private readonly registrations: RegistrationService) {}

  @CommandHandler('CompleteRegistration')
  async onCompleteRegistration(
    command: MessageOf<'CompleteRegistration'>,
    ctx: HandlerContext,
  ): Promise<void> {
    await this.registrations.complete(command, ctx);
  }

  @CommandHandler('CancelRegistration')
  async onCancelRegistration(command: MessageOf<'CancelRegistration'>, ctx: HandlerContext): Promise<void> {
    await this.registrations.cancel(command, ctx);
  }
}
