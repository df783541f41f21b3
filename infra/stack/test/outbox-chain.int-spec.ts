import { OutboxChain } from './support/outbox-chain';

// The whole chain on the real stack: Postgres outbox -> Debezium outbox event router (Kafka
// Connect) -> Kafka -> kafkajs consumer -> Redis. Nothing here is simulated.
describe('outbox to Redis through Debezium and Kafka', () => {
  const chain = new OutboxChain();

  beforeAll(() => chain.open(), 60_000);
  afterAll(() => chain.close());

  it('turns an outbox row into a Kafka record with the CloudEvents headers, read into Redis', async () => {
    const row = chain.newRow({ type: 'SeatReserved', payload: { moduleId: 'M-101', seatsLeft: 41 } });
    await chain.insert(row);

    const record = await chain.waitForArrival(row.id, 30_000);

    expect(record).toBeDefined();
    expect(record?.key).toBe(row.key);
    expect(record?.value).toEqual({ moduleId: 'M-101', seatsLeft: 41 });
    expect(record?.headers).toMatchObject({
      ce_id: row.id,
      ce_type: 'SeatReserved',
      ce_source: '/tests/smoke',
      ce_specversion: '1.0',
      ce_subject: row.key,
      'content-type': 'application/json',
      correlation_id: row.correlationId,
      causation_id: row.causationId,
      traceparent: row.traceparent,
      tracestate: 'smoke=1',
      ce_dataschema: 'urn:course-platform:schema:SeatReserved:1',
    });
    expect(Date.parse(record?.headers['ce_time'] ?? '')).not.toBeNaN();
  });

  it('publishes the payload byte for byte: nulls, empty arrays, big numbers and key order kept', async () => {
    const payload = {
      zeta: null,
      items: [],
      nested: { b: 1, a: [] },
      big: 9007199254740991,
      text: 'é "q" \\',
    };
    const row = chain.newRow({ payload });
    await chain.insert(row);

    const record = await chain.waitForArrival(row.id, 30_000);

    expect(record?.rawValue).toBe(JSON.stringify(payload));
  });

  it("keeps one key's records in insertion order, on one partition", async () => {
    const key = 'module-ordered';
    const rows = Array.from({ length: 25 }, (_, n) => chain.newRow({ key, payload: { n } }));
    for (const row of rows) await chain.insert(row);

    const last = await chain.waitForArrival(rows[rows.length - 1]!.id, 30_000);
    expect(last).toBeDefined();

    expect(await chain.arrivalOrder(key)).toEqual(rows.map((row) => row.id));
    const partitions = new Set(
      await Promise.all(rows.map(async (row) => (await chain.arrived(row.id))?.partition)),
    );
    expect(partitions.size).toBe(1);
  });

  it('publishes only what a transaction committed', async () => {
    const key = 'module-transactional';
    const rolledBack = chain.newRow({ key });
    const committed = chain.newRow({ key });
    await chain.insertInTransaction([rolledBack], 'rollback');
    await chain.insertInTransaction([committed], 'commit');

    expect(await chain.waitForArrival(committed.id, 30_000)).toBeDefined();
    // Same key, so same partition and commit order: had the rolled-back row been published, it
    // would have arrived before the committed one.
    expect(await chain.arrivalOrder(key)).toEqual([committed.id]);
  });
});
