import { Inject, Injectable } from '@nestjs/common';
import type { closeCodes } from '@platform/contracts';
import { ConnectionRegistry } from '../connections/connection.registry';
import { LiveFanOut } from '../subscriptions/live.fan-out';
import type { RealtimeEvent } from './realtime.event';

/**
 * The gateway as its Kafka consumers see it: live records go to the fan-out, ended sessions to
 * the connection registry. Client frames go to the ProtocolRouter, not through here.
 */
@Injectable()
export class GatewayService {
  constructor(
    @Inject(LiveFanOut) private readonly fanOut: LiveFanOut,
    @Inject(ConnectionRegistry) private readonly connections: ConnectionRegistry,
  ) {}

  /** Returns how many sockets the record was handed to. */
  dispatch(event: RealtimeEvent): number {
    return this.fanOut.dispatch(event);
  }

  sessionEnded(
    sessionId: string,
    code: typeof closeCodes.SESSION_EXPIRED | typeof closeCodes.SESSION_REVOKED,
  ): void {
    this.connections.sessionEnded(sessionId, code);
  }
}
