import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  addToOutbox,
  createMessage,
  firstDeliveryWith,
  toOutboxRecord,
  type HandlerContext,
  type MessageCause,
} from '@platform/messaging';
import type { Queryable } from '@platform/persistence';
import { Database } from '../database/database';
import { observeTransition, type SagaObservation } from '../saga/saga.observations';
import { SagaMetrics } from './registration.metrics';
import { SagaRepository, type SagaInstance } from './registration.repository';
import {
  advanceRegistrationSaga,
  registrationSaga,
  type RegistrationSagaInput,
  type RegistrationSagaSettings,
} from './registration.saga';

export const SERVICE = 'saga-coordinator';
export const SAGA_SETTINGS = Symbol('SAGA_SETTINGS');

type Context = Pick<HandlerContext, 'messageId' | 'cause'>;

interface Advanced {
  registrationId: string;
  observation: SagaObservation;
}

/**
 * Runs the registration saga. Each input is one transaction: the inbox row and the instance row
 * locked in one statement (a redelivery stops there), the pure engine, the new state and deadline, the history
 * entry, and the commands in the outbox; all of it commits or none does.
 */
@Injectable()
export class RegistrationSagaService {
  private readonly logger = new Logger(RegistrationSagaService.name);

  constructor(
    @Inject(Database) private readonly db: Pick<Database, 'transaction'>,
    @Inject(SagaRepository) private readonly sagas: SagaRepository,
    @Inject(SagaMetrics) private readonly metrics: Pick<SagaMetrics, 'record'>,
    @Inject(SAGA_SETTINGS) private readonly settings: RegistrationSagaSettings,
  ) {}

  /** Advances the saga of the input's registration with a consumed event. */
  async advance(input: RegistrationSagaInput, ctx: Context, now = new Date()): Promise<void> {
    const advanced = await this.db.transaction(async (tx) => {
      const delivery = await firstDeliveryWith<SagaInstance>(
        tx,
        SERVICE,
        ctx.messageId,
        this.sagas.lockRead(input.data.registrationId),
      );
      if (!delivery.first) return undefined;
      return this.apply(tx, delivery.rows[0], input, ctx.cause, now);
    });
    if (advanced) this.metrics.record(advanced.registrationId, advanced.observation);
  }

  /**
   * Feeds DeadlineElapsed to up to `limit` instances whose deadline has passed, in one
   * transaction; returns how many it found, so the poller knows whether more are waiting.
   */
  async fireDueDeadlines(now = new Date(), limit = 100): Promise<number> {
    const fired: Advanced[] = [];
    const found = await this.db.transaction(async (tx) => {
      const due = await this.sagas.lockDue(tx, now, limit);
      for (const instance of due) {
        const input: RegistrationSagaInput = {
          type: 'DeadlineElapsed',
          data: { registrationId: instance.registrationId },
        };
        // The command a deadline sends is caused by the message that set the deadline.
        const cause = { messageId: instance.causationId, correlationId: instance.correlationId };
        const advanced = await this.apply(tx, instance, input, cause, now);
        if (advanced) fired.push(advanced);
      }
      return due.length;
    });
    for (const { registrationId, observation } of fired) this.metrics.record(registrationId, observation);
    return found;
  }

  private async apply(
    tx: Queryable,
    instance: SagaInstance | undefined,
    input: RegistrationSagaInput,
    cause: MessageCause,
    now: Date,
  ): Promise<Advanced | undefined> {
    const { registrationId } = input.data;
    const { state, commands, deadline } = advanceRegistrationSaga(instance?.state, input, now, this.settings);
    if (state === undefined) {
      this.logger.debug(`${input.type} for registration ${registrationId} without a saga: ignored`);
      return undefined;
    }

    const next: SagaInstance = {
      registrationId,
      state,
      version: (instance?.version ?? 0) + 1,
      deadlineAt: deadline,
      correlationId: instance?.correlationId ?? cause.correlationId,
      causationId:
        input.type === 'DeadlineElapsed' ? (instance?.causationId ?? cause.messageId) : cause.messageId,
    };
    await this.sagas.save(tx, next, { isNew: instance === undefined, input, commands });
    await addToOutbox(
      tx,
      commands.map(({ type, data }) => toOutboxRecord(createMessage(SERVICE, type, data, cause))),
    );
    return {
      registrationId,
      observation: observeTransition(registrationSaga, instance?.state, state, now),
    };
  }
}
