import type { Queryable } from '@platform/persistence';

/**
 * Records that `consumerGroup` applies `messageId`, inside the caller's transaction. Returns
 * false when the message was applied before: a redelivery, whose effect must be skipped. Two
 * concurrent deliveries of one message serialise on the primary key; the second waits for the
 * first transaction and then sees the row.
 */
export async function firstDelivery(
  tx: Queryable,
  consumerGroup: string,
  messageId: string,
): Promise<boolean> {
  const result = await tx.query(
    `INSERT INTO inbox (consumer_group, message_id) VALUES ($1, $2)
     ON CONFLICT (consumer_group, message_id) DO NOTHING`,
    [consumerGroup, messageId],
  );
  return result.rowCount === 1;
}

/** A read that runs in one statement with the inbox row; its values are `$1`, `$2`, ... */
export interface InboxRead {
  readonly text: string;
  readonly values: readonly unknown[];
}

/**
 * `firstDelivery` and the handler's first read (typically the row it locks) in one statement: a
 * round trip fewer per message, which counts on a busy machine. The read runs also for a
 * redelivery, whose caller then skips the effect; its locks last until the transaction ends.
 */
export async function firstDeliveryWith<Row extends object>(
  tx: Queryable,
  consumerGroup: string,
  messageId: string,
  read: InboxRead,
): Promise<{ first: boolean; rows: Row[] }> {
  const group = `$${read.values.length + 1}`;
  const message = `$${read.values.length + 2}`;
  // The left join yields one row also when the read finds none; inbox_read_found tells them apart.
  const result = await tx.query<Row & { inbox_first_delivery: boolean; inbox_read_found: boolean | null }>(
    `WITH delivery AS (
       INSERT INTO inbox (consumer_group, message_id) VALUES (${group}, ${message})
       ON CONFLICT (consumer_group, message_id) DO NOTHING RETURNING 1
     ), readout AS (SELECT true AS inbox_read_found, r.* FROM (${read.text}) AS r)
     SELECT EXISTS (SELECT 1 FROM delivery) AS inbox_first_delivery, readout.*
     FROM (VALUES (1)) AS one LEFT JOIN readout ON true`,
    [...read.values, consumerGroup, messageId],
  );
  return {
    first: result.rows[0]?.inbox_first_delivery ?? false,
    rows: result.rows
      .filter((row) => row.inbox_read_found === true)
      .map(({ inbox_first_delivery: _first, inbox_read_found: _found, ...row }) => row as unknown as Row),
  };
}
