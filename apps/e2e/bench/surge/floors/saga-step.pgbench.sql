-- pgbench reads :name as a variable, so JSON literals here keep a space after each colon.
-- One saga step as the coordinator runs it today: inbox row, the instance locked and updated,
-- a history row, and an outbox row written and deleted, in one transaction.
\set id random(1, 100000)
BEGIN;
INSERT INTO inbox (consumer_group, message_id) VALUES ('saga-coordinator', gen_random_uuid());
SELECT state FROM saga_instances WHERE registration_id = :id FOR UPDATE;
UPDATE saga_instances SET status = 'PAYING', state = '{"status": "PAYING","seat": true}', version = version + 1,
  deadline_at = now() + interval '4 seconds', updated_at = now() WHERE registration_id = :id;
INSERT INTO saga_history (registration_id, input, commands)
  VALUES (:id, '{"type": "SeatReserved","registrationId": "r"}', '[{"type": "ChargePayment","amountCents": 1000}]');
INSERT INTO outbox (aggregatetype, aggregateid, type, payload, ce_source)
  VALUES ('payment.commands', :id, 'ChargePayment', '{"registrationId": "r","amountCents": 1000}', 'saga-coordinator')
  RETURNING id AS outbox_id \gset
DELETE FROM outbox WHERE id = :outbox_id;
COMMIT;
