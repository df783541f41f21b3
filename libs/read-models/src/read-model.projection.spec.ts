import { moduleRow, registrationStatusRow } from '@platform/contracts';
import { projectModuleRow, projectRegistrationRow } from './read-model.projection';
import { moduleSeatsView, registrationView } from './read-model.views';

describe(projectModuleRow.name, () => {
  // As Debezium's ExtractNewRecordState writes it (infra/connectors/seat-inventory.json).
  const record = {
    module_id: 'CS101',
    title: 'Introduction to Programming',
    capacity: 120,
    reserved: 7,
    confirmed: 3,
    updated_at: '2026-11-25T12:07:25.156734Z',
    fee_cents: 25000,
    currency: 'EUR',
    __deleted: 'false',
    __op: 'u',
    __lsn: 62906320,
    __source_ts_ms: 1795608445159,
  };

  it('maps a row to the seats view with available = capacity - reserved - confirmed', () => {
    const projection = projectModuleRow(moduleRow.parse(record));
    expect(projection).toEqual({
      model: 'modules',
      id: 'CS101',
      version: 62906320,
      view: {
        moduleId: 'CS101',
        title: 'Introduction to Programming',
        capacity: 120,
        reserved: 7,
        confirmed: 3,
        available: 110,
        fee: { amountCents: 25000, currency: 'EUR' },
        version: 62906320,
        updatedAt: '2026-11-25T12:07:25.156734Z',
      },
    });
    expect(moduleSeatsView.parse(projection.view)).toEqual(projection.view);
  });

  it('turns a rewritten delete (the row as defaults, __deleted "true") into a removal', () => {
    const deleted = {
      ...record,
      title: '',
      capacity: 0,
      reserved: 0,
      confirmed: 0,
      __op: 'd',
      __deleted: 'true',
    };
    expect(projectModuleRow(moduleRow.parse(deleted))).toEqual({
      model: 'modules',
      id: 'CS101',
      version: 62906320,
      view: null,
    });
  });
});

describe(projectRegistrationRow.name, () => {
  const record = {
    registration_id: 'reg-1',
    student_id: 'stu-1',
    module_id: 'CS101',
    status: 'CANCELLED',
    reason: 'PAYMENT_FAILED',
    version: 4,
    updated_at: '2026-11-25T12:07:25.156734Z',
    __deleted: 'false',
    __op: 'u',
    __lsn: '900',
    __source_ts_ms: 1795608445159,
  };

  it('maps a row to the status view, versioned by the WAL position rather than the aggregate version', () => {
    const projection = projectRegistrationRow(registrationStatusRow.parse(record));
    expect(projection.view).toEqual({
      registrationId: 'reg-1',
      studentId: 'stu-1',
      moduleId: 'CS101',
      status: 'CANCELLED',
      reason: 'PAYMENT_FAILED',
      version: 900,
      updatedAt: '2026-11-25T12:07:25.156734Z',
    });
    expect(registrationView.parse(projection.view)).toEqual(projection.view);
  });

  it('leaves the reason out while there is none', () => {
    const pending = projectRegistrationRow(
      registrationStatusRow.parse({ ...record, status: 'PENDING', reason: null }),
    );
    expect(pending.view).not.toHaveProperty('reason');
  });
});
