import { PoisonMessageError } from '../consumer/consumer-errors';
import { inboundMessage } from '../consumer/testing';
import { decodeCdcRecord } from './cdc-record';

const modules = 'cdc.seat_inventory.public.modules';
const registrations = 'cdc.registration.public.registration_status';

const moduleValue = {
  module_id: 'CS101',
  title: 'Introduction to Programming',
  capacity: 120,
  reserved: 1,
  confirmed: 0,
  updated_at: '2026-11-25T12:07:25.156734Z',
  fee_cents: 25000,
  currency: 'EUR',
  __deleted: 'false',
  __op: 'u',
  __lsn: 62906320,
  __source_ts_ms: 1795608445159,
};

const record = (topic: string, key: string | null, value: unknown) =>
  inboundMessage({
    offset: 0,
    topic,
    key,
    value: value === null ? null : typeof value === 'string' ? value : JSON.stringify(value),
  });

describe(decodeCdcRecord.name, () => {
  it('decodes a modules record', () => {
    const change = decodeCdcRecord(record(modules, 'CS101', moduleValue));
    expect(change).toEqual({ kind: 'row', topic: modules, row: { ...moduleValue, __deleted: false } });
  });

  it('decodes a registration_status record', () => {
    const value = {
      registration_id: 'reg-1',
      student_id: 'stu-1',
      module_id: 'CS101',
      status: 'PENDING',
      reason: null,
      version: 1,
      updated_at: '2026-11-25T12:07:25.156734Z',
      __deleted: 'false',
      __op: 'c',
      __lsn: 10,
      __source_ts_ms: 1795608445159,
    };
    expect(decodeCdcRecord(record(registrations, 'reg-1', value))).toMatchObject({
      kind: 'row',
      topic: registrations,
      row: { registration_id: 'reg-1', student_id: 'stu-1', reason: null },
    });
  });

  it.each([
    [
      modules,
      'CS101',
      { ...moduleValue, title: '', capacity: 0, reserved: 0, __op: 'd', __deleted: 'true' },
      'CS101',
    ],
    [
      registrations,
      'reg-1',
      // With the default replica identity only the key survives; Debezium fills the rest with defaults.
      {
        registration_id: 'reg-1',
        student_id: '',
        module_id: '',
        status: '',
        reason: null,
        version: 0,
        updated_at: '1970-01-01T00:00:00Z',
        __deleted: 'true',
        __op: 'd',
        __lsn: 77,
        __source_ts_ms: 5,
      },
      'reg-1',
    ],
  ])('decodes a rewritten delete on %s from its key and WAL position alone', (topic, key, value, id) => {
    expect(decodeCdcRecord(record(topic, key, value))).toEqual({
      kind: 'deleted',
      topic,
      id,
      lsn: value.__lsn,
      sourceTsMs: value.__source_ts_ms,
    });
  });

  it('reads the JSON key of a record written before the key was the column value', () => {
    expect(
      decodeCdcRecord(record(modules, JSON.stringify({ module_id: 'CS101' }), moduleValue)),
    ).toMatchObject({
      kind: 'row',
      row: { module_id: 'CS101' },
    });
  });

  it('lets a tombstone through as nothing to do', () => {
    expect(decodeCdcRecord(record(modules, 'CS101', null))).toEqual({
      kind: 'tombstone',
      topic: modules,
    });
  });

  it.each([
    ['a value that is not JSON', record(modules, 'CS101', 'not json{'), /value is not JSON/],
    ['a record without a key', record(modules, null, moduleValue), /has no key/],
    [
      'a row that misses a column',
      record(modules, 'CS101', { ...moduleValue, capacity: undefined }),
      /capacity/,
    ],
    ['a key naming another row', record(modules, 'CS999', moduleValue), /does not name the row/],
    [
      'a JSON key naming another row',
      record(modules, JSON.stringify({ module_id: 'CS999' }), moduleValue),
      /does not name the row/,
    ],
    ['a topic outside the CDC catalog', record('inventory.events', 'CS101', moduleValue), /not a CDC topic/],
  ])('calls %s poison, with the cause', (_what, message, cause) => {
    let error: unknown;
    try {
      decodeCdcRecord(message);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PoisonMessageError);
    expect((error as Error).message).toMatch(cause);
  });
});
