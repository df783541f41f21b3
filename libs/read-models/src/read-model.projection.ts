import type { ModuleRow, RegistrationStatusRow } from '@platform/contracts';
import type { ModuleSeatsView, RegistrationView } from './read-model.views';

/** The read-model hashes of a generation a projection writes to (see GenerationKeys). */
export type ReadModelName = 'modules' | 'registrations';

/**
 * One row change turned into what the store writes: the entry's new view, or `null` when the row
 * was deleted. `version` is the change's WAL position; the store applies only increasing versions.
 */
export type Projection =
  | { model: 'modules'; id: string; version: number; view: ModuleSeatsView | null }
  | { model: 'registrations'; id: string; version: number; view: RegistrationView | null };

export function projectModuleRow(row: ModuleRow): Extract<Projection, { model: 'modules' }> {
  const base = { model: 'modules' as const, id: row.module_id, version: row.__lsn };
  if (row.__deleted) return { ...base, view: null };
  return {
    ...base,
    view: {
      moduleId: row.module_id,
      title: row.title,
      capacity: row.capacity,
      reserved: row.reserved,
      confirmed: row.confirmed,
      // The seat service's CHECK keeps this at or above zero; the clamp keeps a view valid even so.
      available: Math.max(0, row.capacity - row.reserved - row.confirmed),
      fee: { amountCents: row.fee_cents, currency: row.currency.trim() },
      version: row.__lsn,
      updatedAt: row.updated_at,
    },
  };
}

export function projectRegistrationRow(
  row: RegistrationStatusRow,
): Extract<Projection, { model: 'registrations' }> {
  const base = { model: 'registrations' as const, id: row.registration_id, version: row.__lsn };
  if (row.__deleted) return { ...base, view: null };
  return {
    ...base,
    view: {
      registrationId: row.registration_id,
      studentId: row.student_id,
      moduleId: row.module_id,
      status: row.status,
      ...(row.reason ? { reason: row.reason } : {}),
      version: row.__lsn,
      updatedAt: row.updated_at,
    },
  };
}
