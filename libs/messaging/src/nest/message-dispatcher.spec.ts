import { inboundMessage } from '../consumer/testing';
import { createDispatcher, decodeDelivery } from './message-dispatcher';
import type { BoundHandler } from './handler-discovery';

const modules = 'cdc.seat_inventory.public.modules';
const moduleRow = {
  module_id: 'CS101',
  title: 'Programming',
  capacity: 10,
  reserved: 0,
  confirmed: 0,
  fee_cents: 100,
  currency: 'EUR',
  updated_at: '2026-11-25T12:07:25Z',
  traceparent: null,
  __op: 'u',
  __lsn: 7,
  __source_ts_ms: 5,
  __deleted: 'false',
};
const cdcRecord = (value: unknown) =>
  inboundMessage({
    topic: modules,
    offset: 3,
    key: 'CS101',
    value: value === null ? null : JSON.stringify(value),
  });

describe(createDispatcher.name, () => {
  it('hands a CDC row change to the handler of its topic, with where it was read', async () => {
    const seen: unknown[] = [];
    const handlers = new Map<string, BoundHandler>([
      [modules, async (change, context) => void seen.push([change, context])],
    ]);
    const dispatch = createDispatcher(handlers, 'test-group');
    const message = cdcRecord(moduleRow);

    await dispatch(decodeDelivery(message), { message, attempt: 2 });

    expect(seen).toEqual([
      [
        { kind: 'row', topic: modules, row: expect.objectContaining({ module_id: 'CS101', __lsn: 7 }) },
        { topic: modules, partition: 0, offset: '3', attempt: 2 },
      ],
    ]);
  });

  it('skips tombstones and the topics nobody here handles', async () => {
    const handled = jest.fn();
    const tombstone = cdcRecord(null);
    await createDispatcher(new Map([[modules, handled]]), 'g')(decodeDelivery(tombstone), {
      message: tombstone,
      attempt: 1,
    });
    const row = cdcRecord(moduleRow);
    await createDispatcher(new Map(), 'g')(decodeDelivery(row), { message: row, attempt: 1 });
    expect(handled).not.toHaveBeenCalled();
  });
});
