import { Registry } from 'prom-client';
import { InMemoryProducerPort } from '../consumer/testing';
import { MessagingMetrics } from '../observability/messaging.metrics';
import { MessageProducer } from './message.producer';

describe(MessageProducer.name, () => {
  const command = { registrationId: 'reg-1', moduleId: 'M-7', studentId: 'stu-1' };

  it('sends a validated message to its catalog topic, keyed and with the CloudEvents headers', async () => {
    const port = new InMemoryProducerPort();
    const registry = new Registry();
    const producer = new MessageProducer('saga-coordinator', port, MessagingMetrics.of(registry));

    const sent = await producer.send('ReserveSeat', command, { messageId: 'm-0', correlationId: 'c-0' });

    expect(port.sent).toHaveLength(1);
    expect(port.sent[0]).toMatchObject({
      topic: 'inventory.commands',
      key: 'M-7',
      headers: {
        ce_id: sent.envelope.id,
        ce_type: 'ReserveSeat',
        ce_source: '/services/saga-coordinator',
        ce_specversion: '1.0',
        ce_dataschema: 'urn:course-platform:schema:ReserveSeat:1',
        correlation_id: 'c-0',
        causation_id: 'm-0',
      },
    });
    expect(JSON.parse(String(port.sent[0]?.value))).toEqual(command);
    expect(await registry.metrics()).toContain(
      'messaging_messages_produced_total{topic="inventory.commands"} 1',
    );
  });

  it('sends nothing when the data breaks the contract', async () => {
    const port = new InMemoryProducerPort();
    const producer = new MessageProducer('saga-coordinator', port);
    await expect(producer.send('ReserveSeat', { ...command, moduleId: '' })).rejects.toThrow(/ReserveSeat/);
    expect(port.sent).toHaveLength(0);
  });
});
