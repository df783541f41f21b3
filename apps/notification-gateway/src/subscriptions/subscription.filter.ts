import type { SubscriptionFilter } from '@platform/contracts';
import type { RealtimeEvent } from '../gateway/realtime.event';

/** Whether an event passes a subscription's server-side filter; no filter passes everything. */
export function passesFilter(
  filter: SubscriptionFilter | undefined,
  event: Pick<RealtimeEvent, 'type' | 'data'>,
): boolean {
  if (!filter) return true;
  if (filter.types && !filter.types.includes(event.type)) return false;
  if (filter.availableAtMost !== undefined && event.type === 'SeatAvailableChanged') {
    const available = event.data['available'];
    if (typeof available !== 'number' || available > filter.availableAtMost) return false;
  }
  return true;
}

/** Whether a seat count in a snapshot passes `availableAtMost`. */
export function seatsPass(filter: SubscriptionFilter | undefined, available: number): boolean {
  if (filter?.types && !filter.types.includes('SeatAvailableChanged')) return false;
  return filter?.availableAtMost === undefined || available <= filter.availableAtMost;
}

export function registrationsPass(filter: SubscriptionFilter | undefined): boolean {
  return !filter?.types || filter.types.includes('RegistrationStatusChanged');
}
