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
    `INSERT INTO public.inbox (consumer_group, message_id) VALUES ($1, $2)
     ON CONFLICT (consumer_group, message_id) DO NOTHING`,
    [consumerGroup, messageId],
  );
  return result.rowCount === 1;
}
