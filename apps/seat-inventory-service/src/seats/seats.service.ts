import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MessageInput, MessageOf } from '@platform/contracts';
import {
  addToOutbox,
  createMessage,
  firstDelivery,
  toOutboxRecord,
  type HandlerContext,
} from '@platform/messaging';
import type { Queryable } from '@platform/persistence';
import { Database } from '../database/database';
import { SeatsRepository } from './seats.repository';

export const SERVICE = 'seat-inventory-service';

type Context = Pick<HandlerContext, 'messageId' | 'cause'>;

/**
 * The seat rules. Each command is one transaction: the inbox row (a redelivery stops here), the
 * change of counts, and the events it causes in the outbox, so all of it commits or none does.
 */
@Injectable()
export class SeatsService {
  private readonly logger = new Logger(SeatsService.name);

  constructor(
    @Inject(Database) private readonly db: Pick<Database, 'transaction'>,
    @Inject(SeatsRepository) private readonly seats: SeatsRepository,
  ) {}

  async reserve(command: MessageOf<'ReserveSeat'>, ctx: Context): Promise<void> {
    const { moduleId, registrationId, studentId } = command;
    await this.once(ctx, async (tx) => {
      const outcome = await this.seats.reserve(tx, moduleId, registrationId);
      const at = new Date().toISOString();
      switch (outcome.kind) {
        case 'reserved':
          return this.emit(tx, ctx, 'SeatReserved', { moduleId, registrationId, studentId, reservedAt: at });
        case 'no-seat-left':
          return this.emit(tx, ctx, 'SeatRejected', {
            moduleId,
            registrationId,
            reason: 'NO_SEAT_LEFT',
            rejectedAt: at,
          });
        case 'unknown-module':
          return this.emit(tx, ctx, 'SeatRejected', {
            moduleId,
            registrationId,
            reason: 'UNKNOWN_MODULE',
            rejectedAt: at,
          });
        case 'already-held':
          // A retried request still gets its answer; a released registration gets no seat back.
          if (outcome.state === 'RELEASED') {
            this.logger.warn(`ReserveSeat for released registration ${registrationId}: ignored`);
            return;
          }
          return this.emit(tx, ctx, 'SeatReserved', { moduleId, registrationId, studentId, reservedAt: at });
      }
    });
  }

  async confirm(command: MessageOf<'ConfirmSeat'>, ctx: Context): Promise<void> {
    const { moduleId, registrationId } = command;
    await this.once(ctx, async (tx) => {
      const outcome = await this.seats.confirm(tx, moduleId, registrationId);
      if (outcome.kind === 'confirmed') {
        return this.emit(tx, ctx, 'SeatConfirmed', {
          moduleId,
          registrationId,
          confirmedAt: new Date().toISOString(),
        });
      }
      if (outcome.state !== 'CONFIRMED') {
        this.logger.warn(`ConfirmSeat for ${registrationId} with hold ${outcome.state}: nothing to confirm`);
      }
    });
  }

  async release(command: MessageOf<'ReleaseSeat'>, ctx: Context): Promise<void> {
    const { moduleId, registrationId } = command;
    await this.once(ctx, async (tx) => {
      await this.seats.release(tx, moduleId, registrationId);
      // Every release is answered, also when no seat was held (the reservation was rejected or
      // never arrived): the saga waits for this reply before it cancels the registration.
      return this.emit(tx, ctx, 'SeatReleased', {
        moduleId,
        registrationId,
        releasedAt: new Date().toISOString(),
      });
    });
  }

  private async once(ctx: Context, effect: (tx: Queryable) => Promise<void>): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await firstDelivery(tx, SERVICE, ctx.messageId))) return;
      await effect(tx);
    });
  }

  private async emit<T extends 'SeatReserved' | 'SeatRejected' | 'SeatConfirmed' | 'SeatReleased'>(
    tx: Queryable,
    ctx: Context,
    type: T,
    data: MessageInput<T>,
  ): Promise<void> {
    await addToOutbox(tx, toOutboxRecord(createMessage(SERVICE, type, data, ctx.cause)));
  }
}
