import fc from 'fast-check';
import { ContractViolation } from './contract-violation';
import { currentVersionOf, decodeIncoming, keyOf, topicOf, validateOutgoing } from './message.codec';
import { moduleChannel, studentChannel } from './realtime.messages';

const AT = '2025-09-01T08:00:00.123456Z';

describe(validateOutgoing.name, () => {
  it('returns the parsed payload without fields the schema does not know', () => {
    const data = { moduleId: 'CS101', registrationId: 'r-1', studentId: 's-1', reservedAt: AT };
    expect(validateOutgoing('SeatReserved', { ...data, internal: 'x' } as typeof data)).toEqual(data);
  });

  it('checks against the current version', () => {
    const v2 = {
      registrationId: 'r-1',
      reason: { code: 'DECLINED', message: 'card declined' },
      failedAt: AT,
    } as const;
    expect(validateOutgoing('PaymentFailed', v2)).toEqual(v2);
    const v1 = { registrationId: 'r-1', reason: 'card declined', failedAt: AT };
    expect(() => validateOutgoing('PaymentFailed', v1 as never)).toThrow(ContractViolation);
  });

  it('throws a ContractViolation with a readable reason', () => {
    const attempt = () =>
      validateOutgoing('ChargePayment', {
        registrationId: 'r-1',
        studentId: 's-1',
        amount: { amountCents: 12.5, currency: 'eur' },
      });
    expect(attempt).toThrow(ContractViolation);
    expect(attempt).toThrow(
      /^ChargePayment: invalid v1 payload: amount\.amountCents: .*; amount\.currency: /,
    );
  });

  it('rejects timestamps that are not RFC 3339', () => {
    expect(() =>
      validateOutgoing('SeatConfirmed', {
        moduleId: 'm',
        registrationId: 'r',
        confirmedAt: '2025-09-01 08:00',
      }),
    ).toThrow(/confirmedAt/);
  });

  it('throws for a type the registry does not know', () => {
    expect(() => validateOutgoing('SeatStolen' as never, {} as never)).toThrow(
      new ContractViolation('SeatStolen', 'unknown message type'),
    );
  });
});

describe(decodeIncoming.name, () => {
  it('upcasts PaymentFailed v1 to the current version', () => {
    const decoded = decodeIncoming('PaymentFailed', 1, {
      registrationId: 'r-1',
      reason: 'card declined',
      failedAt: AT,
    });
    expect(decoded).toEqual({
      ok: true,
      receivedVersion: 1,
      message: {
        type: 'PaymentFailed',
        data: { registrationId: 'r-1', reason: { code: 'UNKNOWN', message: 'card declined' }, failedAt: AT },
      },
    });
  });

  it('decodes a current payload as it is', () => {
    const data = { studentId: 's-1', sessionId: 'x', expiredAt: AT };
    expect(decodeIncoming('SessionExpired', 1, data)).toEqual({
      ok: true,
      receivedVersion: 1,
      message: { type: 'SessionExpired', data },
    });
  });

  it('reports an unknown type clearly', () => {
    expect(decodeIncoming('SeatStolen', 1, {})).toEqual({
      ok: false,
      code: 'UNKNOWN_TYPE',
      reason: 'unknown message type "SeatStolen"',
    });
  });

  it('reports an unknown version and invalid data', () => {
    expect(decodeIncoming('SeatReserved', 7, {})).toMatchObject({ ok: false, code: 'UNKNOWN_VERSION' });
    expect(decodeIncoming('SeatReserved', 1, { moduleId: 'm' })).toMatchObject({
      ok: false,
      code: 'INVALID_DATA',
      reason: expect.stringContaining('registrationId'),
    });
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom('SeatReserved', 'PaymentFailed', 'RegistrationStatusChanged'), fc.string()),
        fc.oneof(fc.integer({ min: -2, max: 4 }), fc.double()),
        fc.anything(),
        (type, version, data) => {
          const decoded = decodeIncoming(type, version, data);
          expect(typeof decoded.ok).toBe('boolean');
        },
      ),
    );
  });
});

describe(keyOf.name, () => {
  it('keys each message by its topic key field', () => {
    expect(keyOf('ReserveSeat', { moduleId: 'CS101', registrationId: 'r-1', studentId: 's-1' })).toBe(
      'CS101',
    );
    expect(
      keyOf('ChargePayment', {
        registrationId: 'r-1',
        studentId: 's-1',
        amount: { amountCents: 1, currency: 'EUR' },
      }),
    ).toBe('r-1');
    expect(
      keyOf('SessionRevoked', { studentId: 's-1', sessionId: 'x', reason: 'SIGNED_OUT', revokedAt: AT }),
    ).toBe('s-1');
    const update = {
      channel: moduleChannel('CS101'),
      moduleId: 'CS101',
      capacity: 10,
      reserved: 1,
      confirmed: 2,
      available: 7,
      changedAt: AT,
    };
    expect(keyOf('SeatAvailableChanged', update)).toBe('module:CS101');
  });

  it('throws when the key field is missing', () => {
    expect(() => keyOf('SeatReleased', { registrationId: 'r-1', releasedAt: AT } as never)).toThrow(
      /SeatReleased: the key field moduleId is missing/,
    );
  });
});

describe(topicOf.name, () => {
  it('names the topic a message type travels on', () => {
    expect(topicOf('RefundPayment')).toBe('payment.commands');
    expect(topicOf('RegistrationStatusChanged')).toBe('realtime.updates');
  });
});

describe(currentVersionOf.name, () => {
  it('is the latest version', () => {
    expect(currentVersionOf('PaymentFailed')).toBe(2);
    expect(currentVersionOf('SeatReserved')).toBe(1);
  });
});

describe(studentChannel.name, () => {
  it('is the channel a student status update is keyed by', () => {
    expect(studentChannel('s-1')).toBe('student:s-1');
  });
});
