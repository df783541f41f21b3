import { NonRetriableError } from './consumer-errors';
import { buildDeadLetterRecord, deadLetterHeaders as h } from './dead-letter';
import { inboundMessage } from './testing';

const target = { topic: 'payment.commands.dlq', groupId: 'payment-service' };
const failedAt = new Date('2026-11-25T10:00:00.000Z');

describe(buildDeadLetterRecord.name, () => {
  it('keeps key, value and headers, and adds the cause', () => {
    const message = inboundMessage({
      topic: 'payment.commands',
      partition: 3,
      offset: '42',
      key: 'registration-7',
      value: '{"type":"ChargePayment"}',
      headers: { ce_type: 'ChargePayment', traceparent: '00-abc-def-01' },
    });
    const record = buildDeadLetterRecord(
      message,
      { error: new NonRetriableError('card declined'), reason: 'non-retriable', attempts: 1, failedAt },
      target,
    );
    expect(record).toEqual({
      topic: 'payment.commands.dlq',
      key: 'registration-7',
      value: Buffer.from('{"type":"ChargePayment"}'),
      headers: {
        ce_type: 'ChargePayment',
        traceparent: '00-abc-def-01',
        dlq_error: 'card declined',
        dlq_error_class: 'NonRetriableError',
        dlq_reason: 'non-retriable',
        dlq_attempts: '1',
        dlq_original_topic: 'payment.commands',
        dlq_original_partition: '3',
        dlq_original_offset: '42',
        dlq_failed_at: '2026-11-25T10:00:00.000Z',
        dlq_consumer_group: 'payment-service',
      },
    });
  });

  it('passes the value bytes through untouched, even when they are not text', () => {
    const value = Buffer.from([0xff, 0x00, 0xfe]);
    const record = buildDeadLetterRecord(
      inboundMessage({ offset: 1, key: 'k', value }),
      { error: new Error('x'), reason: 'poison', attempts: 0, failedAt },
      target,
    );
    expect(record.value).toEqual(value);
  });

  it('says so when the key was null or not UTF-8, and when the value was null', () => {
    const cause = { error: new Error('x'), reason: 'poison' as const, attempts: 0, failedAt };
    const withoutKey = buildDeadLetterRecord(
      inboundMessage({ offset: 1, key: null, value: null }),
      cause,
      target,
    );
    expect(withoutKey.key).toBe('');
    expect(withoutKey.headers[h.keyEncoding]).toBe('null');
    expect(withoutKey.headers[h.valueNull]).toBe('true');
    expect(withoutKey.value).toEqual(Buffer.alloc(0));

    const binaryKey = Buffer.from([0xc3, 0x28]);
    const withBinaryKey = buildDeadLetterRecord(inboundMessage({ offset: 1, key: binaryKey }), cause, target);
    expect(Buffer.from(withBinaryKey.key, 'base64')).toEqual(binaryKey);
    expect(withBinaryKey.headers[h.keyEncoding]).toBe('base64');
  });

  it('carries a header that is not UTF-8 base64-encoded and names it', () => {
    const binary = Buffer.from([0x80, 0x81]);
    const record = buildDeadLetterRecord(
      inboundMessage({ offset: 1, key: 'k', headers: { 'x-bin': binary, ok: 'text' } }),
      { error: new Error('x'), reason: 'poison', attempts: 0, failedAt },
      target,
    );
    expect(Buffer.from(record.headers['x-bin'] as string, 'base64')).toEqual(binary);
    expect(record.headers.ok).toBe('text');
    expect(record.headers[h.base64Headers]).toBe('x-bin');
  });

  it('replaces the dlq_ headers of an earlier failure', () => {
    const record = buildDeadLetterRecord(
      inboundMessage({
        offset: 1,
        key: 'k',
        headers: { dlq_error: 'old', dlq_original_key_encoding: 'null' },
      }),
      { error: new Error('new'), reason: 'retries-exhausted', attempts: 5, failedAt },
      target,
    );
    expect(record.headers[h.error]).toBe('new');
    expect(record.headers[h.keyEncoding]).toBeUndefined();
  });

  it('describes thrown values that are not errors, and bounds a long message', () => {
    const cause = { reason: 'retries-exhausted' as const, attempts: 3, failedAt };
    const thrownString = buildDeadLetterRecord(
      inboundMessage({ offset: 1 }),
      { ...cause, error: 'boom' },
      target,
    );
    expect(thrownString.headers[h.error]).toBe('boom');
    expect(thrownString.headers[h.errorClass]).toBe('string');

    const long = buildDeadLetterRecord(
      inboundMessage({ offset: 1 }),
      { ...cause, error: new Error('x'.repeat(10_000)) },
      target,
    );
    expect(long.headers[h.error]).toHaveLength(2000);
  });
});
