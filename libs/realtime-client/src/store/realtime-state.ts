import type { ServerMessage, SourceChannel, StreamPosition } from '@platform/contracts';

export type SnapshotFrame = Extract<ServerMessage, { type: 'snapshot' }>;
export type EventFrame = Extract<ServerMessage, { type: 'event' }>;

/** One module's seats as the read model shows them. */
export type SeatView = NonNullable<SnapshotFrame['seats']>[number];
/** One of the student's registrations. */
export type RegistrationView = NonNullable<SnapshotFrame['registrations']>[number];

/** What the client knows, normalized: entities by id and the last applied position per source channel. */
export interface RealtimeState {
  readonly seats: { readonly byId: Readonly<Record<string, SeatView>> };
  readonly registrations: { readonly byId: Readonly<Record<string, RegistrationView>> };
  readonly positions: Readonly<Record<SourceChannel, StreamPosition>>;
}

export const emptyState: RealtimeState = {
  seats: { byId: {} },
  registrations: { byId: {} },
  positions: {},
};
