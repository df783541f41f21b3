import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MessageOf } from '@platform/contracts';
import {
  createMessage,
  firstDeliveryWith,
  NonRetriableError,
  toOutboxRecord,
  type HandlerContext,
  type MessageCause,
  type OutboxRecord,
} from '@platform/messaging';
import type { Queryable } from '@platform/persistence';
import { Database } from '../database/database';
import { ModuleCatalogService } from '../module-catalog/module-catalog.service';
import {
  decide,
  fold,
  type RegistrationCommand,
  type RegistrationEvent,
  type RegistrationState,
} from './registration.aggregate';
import { UnknownModuleError } from './registration.errors';
import {
  ConcurrentAppendError,
  RegistrationEventStore,
  type HistoryEntry,
  type LoadedStream,
  type StreamRow,
} from './registration.event-store';
import { RegistrationRepository, type RegistrationSummary } from './registration.repository';

export const SERVICE = 'registration-service';
export const REGISTRATION_SETTINGS = Symbol('REGISTRATION_SETTINGS');

export interface RegistrationSettings {
  /** A snapshot is written once a stream has grown by this many events since the last one. */
  snapshotEvery: number;
}

type Context = Pick<HandlerContext, 'messageId' | 'cause'>;

/** A few attempts are plenty: each one that loses means another writer just made progress. */
const MAX_APPEND_ATTEMPTS = 5;

/**
 * The registration rules around the pure aggregate: each change loads the stream (snapshot plus
 * later events), decides, and in one transaction appends the events at the expected version
 * (which publishes them), updates `registration_status` and maybe writes a snapshot.
 */
@Injectable()
export class RegistrationService {
  private readonly logger = new Logger(RegistrationService.name);

  constructor(
    @Inject(Database) private readonly db: Pick<Database, 'transaction' | 'query'>,
    @Inject(RegistrationEventStore) private readonly store: RegistrationEventStore,
    @Inject(RegistrationRepository) private readonly registrations: RegistrationRepository,
    @Inject(ModuleCatalogService) private readonly catalog: Pick<ModuleCatalogService, 'quote'>,
    @Inject(REGISTRATION_SETTINGS) private readonly settings: RegistrationSettings,
  ) {}

  /**
   * Starts a registration at the fee the module catalog quotes. With an idempotency key, a repeat
   * returns the registration the key first created (`created: false`).
   */
  async request(input: {
    studentId: string;
    moduleId: string;
    idempotencyKey?: string;
  }): Promise<{ registrationId: string; created: boolean }> {
    const module = await this.catalog.quote(input.moduleId);
    if (!module) throw new UnknownModuleError(`unknown module ${input.moduleId}`);
    const registrationId = randomUUID();

    return this.db.transaction(async (tx) => {
      if (input.idempotencyKey !== undefined) {
        const earlier = await this.registrations.claimIdempotencyKey(
          tx,
          input.studentId,
          input.idempotencyKey,
          registrationId,
        );
        if (earlier) return { registrationId: earlier, created: false };
      }
      const command: RegistrationCommand = {
        kind: 'request',
        registrationId,
        studentId: input.studentId,
        moduleId: input.moduleId,
        fee: module.fee,
        at: new Date().toISOString(),
      };
      const loaded: LoadedStream = { state: undefined, snapshotVersion: 0 };
      const decision = decide(undefined, command);
      if (decision.kind !== 'changed') throw new Error(`a new registration cannot be ${decision.kind}`);
      await this.commit(tx, loaded, decision.events);
      return { registrationId, created: true };
    });
  }

  async complete(command: MessageOf<'CompleteRegistration'>, ctx: Context): Promise<void> {
    await this.apply(command.registrationId, { kind: 'complete', at: new Date().toISOString() }, ctx);
  }

  async cancel(command: MessageOf<'CancelRegistration'>, ctx: Context): Promise<void> {
    await this.apply(
      command.registrationId,
      { kind: 'cancel', reason: command.reason, at: new Date().toISOString() },
      ctx,
    );
  }

  /** One registration with its history, or undefined when it is unknown or someone else's. */
  async detailsFor(
    studentId: string,
    registrationId: string,
  ): Promise<{ registration: RegistrationSummary; history: HistoryEntry[] } | undefined> {
    const registration = await this.registrations.find(this.db, registrationId);
    if (!registration || registration.studentId !== studentId) return undefined;
    return { registration, history: await this.store.history(this.db, registrationId) };
  }

  listOf(studentId: string): Promise<RegistrationSummary[]> {
    return this.registrations.listOf(this.db, studentId);
  }

  private async apply(registrationId: string, command: RegistrationCommand, ctx: Context): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.db.transaction(async (tx) => {
          const delivery = await firstDeliveryWith<StreamRow>(
            tx,
            SERVICE,
            ctx.messageId,
            this.store.loadRead(registrationId),
          );
          if (!delivery.first) return;
          const loaded = this.store.loadedFrom(delivery.rows);
          const decision = decide(loaded.state, command);
          switch (decision.kind) {
            case 'not-found':
              throw new NonRetriableError(`unknown registration ${registrationId}`);
            case 'unchanged':
              return;
            case 'conflict':
              this.logger.warn(`${command.kind} refused: ${decision.detail}`);
              return;
            case 'changed':
              await this.commit(tx, loaded, decision.events, ctx.cause);
          }
        });
        return;
      } catch (error) {
        if (!(error instanceof ConcurrentAppendError) || attempt >= MAX_APPEND_ATTEMPTS) throw error;
        this.logger.warn(`${error.message}; reloading (attempt ${attempt + 1})`);
      }
    }
  }

  private async commit(
    tx: Queryable,
    loaded: LoadedStream,
    events: RegistrationEvent[],
    cause?: MessageCause,
  ): Promise<RegistrationState> {
    const expectedVersion = loaded.state?.version ?? 0;
    const state = fold(
      loaded.state,
      events.map((event, i) => ({ ...event, version: expectedVersion + i + 1 })),
    ) as RegistrationState;
    await this.store.append(
      tx,
      state,
      expectedVersion,
      events.map((event) => outboxRecordOf(event, cause)),
    );
    if (state.version - loaded.snapshotVersion >= this.settings.snapshotEvery) {
      await this.store.saveSnapshot(tx, state.registrationId, state);
    }
    return state;
  }
}

function outboxRecordOf(event: RegistrationEvent, cause?: MessageCause): OutboxRecord {
  switch (event.type) {
    case 'RegistrationRequested':
      return toOutboxRecord(createMessage(SERVICE, event.type, event.data, cause));
    case 'RegistrationCompleted':
      return toOutboxRecord(createMessage(SERVICE, event.type, event.data, cause));
    case 'RegistrationCancelled':
      return toOutboxRecord(createMessage(SERVICE, event.type, event.data, cause));
  }
}
