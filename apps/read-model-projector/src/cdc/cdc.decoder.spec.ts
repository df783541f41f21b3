import { inboundMessage } from '@platform/messaging';
import { decodeCdcRecord } from './cdc.decoder';

const record = (topic: string, key: string, value: unknown) =>
  inboundMessage({
    offset: 0,
    topic,
    key,
    value: value === null ? null : JSON.stringify(value),
  });

const cdcFields = { __op: 'u', __lsn: 10, __source_ts_ms: 5, __deleted: 'false' };

describe(decodeCdcRecord.name, () => {
  it('names a modules row a module, and a registration_status row a registration', () => {
    const module = {
      module_id: 'CS101',
      title: 'Programming',
      capacity: 10,
      reserved: 1,
      confirmed: 0,
      fee_cents: 100,
      currency: 'EUR',
      updated_at: '2026-11-25T12:07:25Z',
      ...cdcFields,
    };
    expect(decodeCdcRecord(record('cdc.seat_inventory.public.modules', 'CS101', module))).toMatchObject({
      kind: 'module',
      row: { module_id: 'CS101' },
    });
    const registration = {
      registration_id: 'reg-1',
      student_id: 'stu-1',
      module_id: 'CS101',
      status: 'PENDING',
      reason: null,
      version: 1,
      updated_at: '2026-11-25T12:07:25Z',
      ...cdcFields,
    };
    expect(
      decodeCdcRecord(record('cdc.registration.public.registration_status', 'reg-1', registration)),
    ).toMatchObject({ kind: 'registration', row: { registration_id: 'reg-1' } });
  });

  it('names the read model a deleted row belongs to', () => {
    const deleted = { registration_id: 'reg-1', ...cdcFields, __op: 'd', __deleted: 'true', __lsn: 77 };
    expect(decodeCdcRecord(record('cdc.registration.public.registration_status', 'reg-1', deleted))).toEqual({
      kind: 'deleted',
      topic: 'cdc.registration.public.registration_status',
      model: 'registrations',
      id: 'reg-1',
      lsn: 77,
      sourceTsMs: 5,
    });
  });
});
