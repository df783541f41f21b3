import { z } from 'zod';
import { topicCatalog } from '../topics/topic-catalog';
import type { AnyMessage, CommandType, EventType, MessageType } from './message.registry';
import { findMessageDefinition, messageDefinitions } from './message.registry';

describe('messageDefinitions', () => {
  it('defines exactly the message types the topic catalog lists, on the topic that lists them', () => {
    const listed = topicCatalog
      .flatMap((topic) => topic.messages.map((type) => `${topic.name} ${type}`))
      .sort();
    const defined = messageDefinitions.map((definition) => `${definition.topic} ${definition.name}`).sort();
    expect(defined).toEqual(listed);
  });

  it('names events in the past tense and commands in the imperative', () => {
    for (const definition of messageDefinitions) {
      const kind = topicCatalog.find((topic) => topic.name === definition.topic)?.kind;
      if (kind === 'commands') expect(definition.name).not.toMatch(/ed$/);
      else expect(definition.name).toMatch(/ed$/);
    }
  });

  it("requires the topic's key field as a non-empty string in every version", () => {
    for (const definition of messageDefinitions) {
      for (const { version, schema } of definition.versions) {
        const json = z.toJSONSchema(schema, { io: 'input' }) as {
          required?: string[];
          properties?: Record<string, { type?: string; minLength?: number }>;
        };
        const where = `${definition.name} v${version}`;
        expect({ where, required: json.required?.includes(definition.key) }).toEqual({
          where,
          required: true,
        });
        expect({ where, key: json.properties?.[definition.key]?.type }).toEqual({ where, key: 'string' });
      }
    }
  });
});

describe(findMessageDefinition.name, () => {
  it('finds a definition by type name', () => {
    expect(findMessageDefinition('SeatRejected')?.topic).toBe('inventory.events');
    expect(findMessageDefinition('seatrejected')).toBeUndefined();
  });
});

// Compile-time checks: the switch must stay exhaustive, so a new message type fails typecheck here
// until it is handled, and each branch sees its own payload type.
function routingKeyOf(message: AnyMessage): string {
  switch (message.type) {
    case 'CompleteRegistration':
    case 'CancelRegistration':
    case 'RegistrationRequested':
    case 'RegistrationCompleted':
    case 'RegistrationCancelled':
    case 'ChargePayment':
    case 'RefundPayment':
    case 'PaymentConfirmed':
    case 'PaymentFailed':
    case 'PaymentRefunded':
      return message.data.registrationId;
    case 'ReserveSeat':
    case 'ConfirmSeat':
    case 'ReleaseSeat':
    case 'SeatReserved':
    case 'SeatRejected':
    case 'SeatConfirmed':
    case 'SeatReleased':
      return message.data.moduleId;
    case 'SessionCreated':
    case 'SessionExpired':
    case 'SessionRevoked':
      return message.data.studentId;
    case 'SeatAvailableChanged':
    case 'RegistrationStatusChanged':
    case 'ModuleRemoved':
      return message.data.channel;
    default: {
      const unhandled: never = message;
      return unhandled;
    }
  }
}

describe('AnyMessage', () => {
  it('narrows to each type in a switch', () => {
    const failed: AnyMessage = {
      type: 'PaymentFailed',
      data: {
        registrationId: 'r-1',
        reason: { code: 'DECLINED', message: 'no' },
        failedAt: '2025-09-01T08:00:00Z',
      },
    };
    expect(routingKeyOf(failed)).toBe('r-1');
  });

  it('splits types into events and commands', () => {
    const command: CommandType = 'ReleaseSeat';
    const event: EventType = 'SeatReleased';
    const both: MessageType[] = [command, event];
    expect(both.map((type) => findMessageDefinition(type)?.topic)).toEqual([
      'inventory.commands',
      'inventory.events',
    ]);
  });
});
