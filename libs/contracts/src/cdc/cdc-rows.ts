import { z } from 'zod';
import type { CdcTopicName } from '../topics/cdc-topic-catalog';

/**
 * The value of a CDC record after Debezium's ExtractNewRecordState (see infra/connectors): the
 * row's columns as they are after the change, plus `__op` (c, u, d or r for a snapshot read),
 * `__lsn` (the change's position in the WAL, increasing per row, so a projector can drop stale
 * or replayed changes) and `__deleted`. A delete carries the last row with `__deleted: "true"`.
 */
export function cdcChange<T extends z.ZodRawShape>(row: T) {
  return z.object({
    ...row,
    // The W3C trace context of the write (absent in changes made before the column existed).
    traceparent: z.string().nullish(),
    __op: z.enum(['c', 'u', 'd', 'r']),
    __lsn: z.coerce.number().int().nonnegative(),
    __source_ts_ms: z.coerce.number().int().nonnegative(),
    __deleted: z
      .enum(['true', 'false'])
      .optional()
      .transform((value) => value === 'true'),
  });
}

/** seat-inventory-service's `modules` row. */
export const moduleRow = cdcChange({
  module_id: z.string(),
  title: z.string(),
  capacity: z.number().int(),
  reserved: z.number().int(),
  confirmed: z.number().int(),
  fee_cents: z.number().int(),
  currency: z.string(),
  updated_at: z.string(),
});

/** registration-service's `registration_status` row: the current state of one registration. */
export const registrationStatusRow = cdcChange({
  registration_id: z.string(),
  student_id: z.string(),
  module_id: z.string(),
  status: z.enum(['PENDING', 'COMPLETED', 'CANCELLED']),
  reason: z.enum(['NO_SEAT', 'PAYMENT_FAILED', 'TIMEOUT']).nullable(),
  version: z.number().int(),
  updated_at: z.string(),
});

/** The row schema of each CDC topic of the catalog. */
export const cdcRowSchemas = {
  'cdc.seat_inventory.public.modules': moduleRow,
  'cdc.registration.public.registration_status': registrationStatusRow,
} as const satisfies Record<CdcTopicName, z.ZodType>;

export type CdcRowOf<T extends CdcTopicName> = z.infer<(typeof cdcRowSchemas)[T]>;

export type CdcChange<T extends z.ZodRawShape> = z.infer<ReturnType<typeof cdcChange<T>>>;
export type ModuleRow = z.infer<typeof moduleRow>;
export type RegistrationStatusRow = z.infer<typeof registrationStatusRow>;
