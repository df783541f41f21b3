import fc from 'fast-check';
import { ContractViolation } from '../messages/contract-violation';
import { dataSchemaUri } from './data-schema.uri';
import { decodeEnvelopeHeaders, encodeEnvelopeHeaders, type MessageEnvelope } from './envelope.codec';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

const envelope: MessageEnvelope = {
  id: '0b7e6a3c-8f0e-4a57-9d1e-0f3a2b1c4d5e',
  source: '/services/seat-inventory-service',
  type: 'SeatReserved',
  time: '2025-09-01T08:00:00.123456Z',
  subject: 'CS101',
  dataschema: dataSchemaUri('SeatReserved', 1),
  correlationId: 'c0ffee00-0000-4000-8000-000000000001',
  causationId: 'c0ffee00-0000-4000-8000-000000000002',
  traceparent: TRACEPARENT,
  tracestate: 'vendor=value',
};

/** Headers as Debezium's outbox router writes them: UTF-8 bytes. */
const asKafkaHeaders = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Buffer.from(value, 'utf8')]));

const reasonFor = (headers: Parameters<typeof decodeEnvelopeHeaders>[0]): string => {
  const decoded = decodeEnvelopeHeaders(headers);
  if (decoded.ok) throw new Error('expected the headers to be rejected');
  return decoded.reason;
};

describe(encodeEnvelopeHeaders.name, () => {
  it('writes CloudEvents binary-mode headers', () => {
    expect(encodeEnvelopeHeaders(envelope)).toEqual({
      ce_id: envelope.id,
      ce_source: '/services/seat-inventory-service',
      ce_type: 'SeatReserved',
      ce_specversion: '1.0',
      ce_time: '2025-09-01T08:00:00.123456Z',
      ce_subject: 'CS101',
      'content-type': 'application/json',
      ce_dataschema: 'urn:course-platform:schema:SeatReserved:1',
      correlation_id: envelope.correlationId,
      causation_id: envelope.causationId,
      traceparent: TRACEPARENT,
      tracestate: 'vendor=value',
    });
  });

  it('leaves out optional attributes that are not set', () => {
    const headers = encodeEnvelopeHeaders({
      ...envelope,
      subject: undefined,
      causationId: undefined,
      traceparent: undefined,
      tracestate: undefined,
    });
    expect(Object.keys(headers).sort()).toEqual(
      [
        'ce_id',
        'ce_source',
        'ce_type',
        'ce_specversion',
        'ce_time',
        'content-type',
        'ce_dataschema',
        'correlation_id',
      ].sort(),
    );
  });

  it('throws a ContractViolation for an invalid envelope', () => {
    const attempt = () => encodeEnvelopeHeaders({ ...envelope, time: 'yesterday', traceparent: 'abc' });
    expect(attempt).toThrow(ContractViolation);
    expect(attempt).toThrow(/^envelope: invalid ce_time: .*; invalid traceparent: /);
  });
});

describe(decodeEnvelopeHeaders.name, () => {
  it('reads back what was encoded, from bytes or strings', () => {
    const headers = encodeEnvelopeHeaders(envelope);
    const expected = { ok: true, envelope: { ...envelope, schemaVersion: 1 } };
    expect(decodeEnvelopeHeaders(asKafkaHeaders(headers))).toEqual(expected);
    expect(decodeEnvelopeHeaders(headers)).toEqual(expected);
  });

  it('round-trips any valid envelope', () => {
    const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));
    const traceparent = fc
      .tuple(hex(32), hex(16), hex(2))
      .filter(([trace, parent]) => !/^0+$/.test(trace) && !/^0+$/.test(parent))
      .map(([trace, parent, flags]) => `00-${trace}-${parent}-${flags}`);
    const text = fc.string({ minLength: 1, maxLength: 40 });
    const arbitraryEnvelope = fc.record(
      {
        id: fc.uuid(),
        source: fc.stringMatching(/^\/services\/[a-z-]{1,30}$/),
        type: fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,30}$/),
        time: fc
          .date({
            min: new Date('2000-01-01T00:00:00Z'),
            max: new Date('2100-01-01T00:00:00Z'),
            noInvalidDate: true,
          })
          .map((date) => date.toISOString()),
        subject: text,
        version: fc.integer({ min: 1, max: 99 }),
        correlationId: fc.uuid(),
        causationId: fc.uuid(),
        traceparent,
        tracestate: text,
      },
      { requiredKeys: ['id', 'source', 'type', 'time', 'version', 'correlationId'] },
    );
    fc.assert(
      fc.property(arbitraryEnvelope, ({ version, ...attributes }) => {
        const sent: MessageEnvelope = { ...attributes, dataschema: dataSchemaUri(attributes.type, version) };
        const decoded = decodeEnvelopeHeaders(asKafkaHeaders(encodeEnvelopeHeaders(sent)));
        expect(decoded).toEqual({
          ok: true,
          envelope: {
            subject: undefined,
            causationId: undefined,
            traceparent: undefined,
            tracestate: undefined,
            ...sent,
            schemaVersion: version,
          },
        });
      }),
    );
  });

  it('treats headers with null values as absent, as Debezium writes NULL columns', () => {
    const headers = {
      ...asKafkaHeaders(encodeEnvelopeHeaders(envelope)),
      ce_subject: null,
      causation_id: null,
      traceparent: null,
      tracestate: undefined,
    };
    expect(decodeEnvelopeHeaders(headers)).toEqual({
      ok: true,
      envelope: {
        ...envelope,
        subject: undefined,
        causationId: undefined,
        traceparent: undefined,
        tracestate: undefined,
        schemaVersion: 1,
      },
    });
    expect(reasonFor({ ...headers, ce_id: null })).toBe('missing ce_id');
  });

  it('names every missing required header at once', () => {
    expect(reasonFor({ ce_type: 'SeatReserved', traceparent: TRACEPARENT })).toBe(
      'missing ce_id; missing ce_source; missing ce_specversion; missing ce_time; missing content-type; ' +
        'missing ce_dataschema; missing correlation_id',
    );
  });

  it.each([
    ['uppercase hex', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01'],
    ['another version', '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['a short trace id', '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01'],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['trailing data', `${TRACEPARENT}-extra`],
  ])('rejects a traceparent with %s', (_label, traceparent) => {
    expect(reasonFor({ ...encodeEnvelopeHeaders(envelope), traceparent })).toMatch(/^invalid traceparent: /);
  });

  it.each([
    ['ce_specversion', '0.3'],
    ['content-type', 'application/avro'],
    ['ce_time', '2025-09-01 08:00:00'],
    ['ce_time', '2025-09-01T08:00Z'],
    ['ce_dataschema', 'https://schemas.example.com/SeatReserved/1'],
    ['ce_type', 'seat.reserved'],
    ['ce_id', ''],
  ])('rejects %s %p', (name, value) => {
    expect(reasonFor({ ...encodeEnvelopeHeaders(envelope), [name]: value })).toMatch(
      new RegExp(`^invalid ${name}: `),
    );
  });

  it('rejects a dataschema of another message type', () => {
    expect(
      reasonFor({ ...encodeEnvelopeHeaders(envelope), ce_dataschema: dataSchemaUri('SeatRejected', 1) }),
    ).toBe(
      'invalid ce_dataschema: urn:course-platform:schema:SeatRejected:1 does not describe ce_type SeatReserved',
    );
  });

  it('ignores headers it does not know', () => {
    const decoded = decodeEnvelopeHeaders({ ...encodeEnvelopeHeaders(envelope), 'x-retry-attempt': '2' });
    expect(decoded.ok).toBe(true);
  });
});
