-- Ten saga steps in one transaction with multi-row statements, the shape a batched consumer would
-- run: the floor of what batching could reach, next to one step a transaction.
\set base random(1, 99991)
BEGIN;
INSERT INTO inbox (consumer_group, message_id)
  SELECT 'saga-coordinator', gen_random_uuid() FROM generate_series(1, 10);
SELECT state FROM saga_instances WHERE registration_id BETWEEN :base AND :base + 9
  ORDER BY registration_id FOR UPDATE;
UPDATE saga_instances SET status = 'PAYING', state = '{"status": "PAYING","seat": true}', version = version + 1,
  deadline_at = now() + interval '4 seconds', updated_at = now()
  WHERE registration_id BETWEEN :base AND :base + 9;
INSERT INTO saga_history (registration_id, input, commands)
  SELECT id, '{"type": "SeatReserved","registrationId": "r"}', '[{"type": "ChargePayment","amountCents": 1000}]'
    FROM generate_series(:base, :base + 9) AS id;
WITH written AS (
  INSERT INTO outbox (aggregatetype, aggregateid, type, payload, ce_source)
    SELECT 'payment.commands', id::text, 'ChargePayment', '{"registrationId": "r","amountCents": 1000}', 'saga-coordinator'
      FROM generate_series(:base, :base + 9) AS id
    RETURNING id
)
SELECT count(*) FROM written;
DELETE FROM outbox WHERE created_at <= now();
COMMIT;
