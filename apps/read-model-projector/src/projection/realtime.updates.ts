import { moduleChannel, studentChannel, type MessageInput } from '@platform/contracts';
import type { Projection } from '@platform/read-models';

export type RealtimeUpdate =
  | { type: 'SeatAvailableChanged'; data: MessageInput<'SeatAvailableChanged'> }
  | { type: 'RegistrationStatusChanged'; data: MessageInput<'RegistrationStatusChanged'> }
  | { type: 'ModuleRemoved'; data: MessageInput<'ModuleRemoved'> };

/**
 * What browsers are told about a projected change: seat counts on the module's channel, a status
 * on the student's, each with the row's version (its WAL position) so a client can tell it from an
 * older snapshot. A deleted module is removed on its channel; registrations are never deleted
 * (cancelled ones stay), so a deleted status row tells nobody.
 */
export function realtimeUpdateOf(projection: Projection, sourceTsMs: number): RealtimeUpdate | undefined {
  const changedAt = new Date(sourceTsMs).toISOString();
  if (projection.model === 'modules') {
    const view = projection.view;
    if (!view) {
      return {
        type: 'ModuleRemoved',
        data: {
          channel: moduleChannel(projection.id),
          moduleId: projection.id,
          version: projection.version,
          changedAt,
        },
      };
    }
    return {
      type: 'SeatAvailableChanged',
      data: {
        channel: moduleChannel(view.moduleId),
        moduleId: view.moduleId,
        capacity: view.capacity,
        reserved: view.reserved,
        confirmed: view.confirmed,
        available: view.available,
        version: projection.version,
        changedAt,
      },
    };
  }
  const view = projection.view;
  if (!view) return undefined;
  return {
    type: 'RegistrationStatusChanged',
    data: {
      channel: studentChannel(view.studentId),
      registrationId: view.registrationId,
      studentId: view.studentId,
      moduleId: view.moduleId,
      status: view.status,
      ...(view.reason ? { reason: view.reason } : {}),
      version: projection.version,
      changedAt,
    },
  };
}
