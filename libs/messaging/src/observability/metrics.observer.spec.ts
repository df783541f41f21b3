import { Registry } from 'prom-client';
import { inboundMessage } from '../consumer/testing';
import { MessagingMetrics } from './messaging.metrics';
import { metricsObserver } from './metrics.observer';

describe(metricsObserver.name, () => {
  const registry = new Registry();
  const metrics = MessagingMetrics.of(registry);
  const observer = metricsObserver(
    metrics,
    'saga-coordinator',
    (headers) => headers['ce_type']?.toString() ?? '?',
  );
  const message = inboundMessage({
    topic: 'inventory.events',
    partition: 3,
    offset: '7',
    key: 'M-1',
    headers: { ce_type: Buffer.from('SeatReserved') },
  });

  it('counts handled and dead-lettered messages, retries, handler time and paused partitions', async () => {
    observer.onHandled?.({ message, attempt: 1, outcome: 'failed', durationMs: 4, error: new Error('x') });
    observer.onRetryScheduled?.({ message, attempt: 1, delayMs: 100, error: new Error('x') });
    observer.onHandled?.({ message, attempt: 2, outcome: 'succeeded', durationMs: 3 });
    observer.onDeadLettered?.({
      message,
      reason: 'poison',
      attempts: 0,
      error: new Error('bad'),
      deadLetterTopic: 'd',
    });
    observer.onPaused?.({ partition: { topic: 'inventory.events', partition: 3 }, buffered: 1000 });

    const text = await registry.metrics();
    expect(text).toContain(
      'messaging_messages_consumed_total{group="saga-coordinator",topic="inventory.events",outcome="handled"} 1',
    );
    expect(text).toContain(
      'messaging_messages_consumed_total{group="saga-coordinator",topic="inventory.events",outcome="dead_lettered"} 1',
    );
    expect(text).toContain('messaging_retries_total{group="saga-coordinator",topic="inventory.events"} 1');
    expect(text).toContain(
      'messaging_dead_letters_total{group="saga-coordinator",topic="inventory.events",reason="poison"} 1',
    );
    expect(text).toContain(
      'messaging_handler_duration_seconds_count{group="saga-coordinator",type="SeatReserved",outcome="failed"} 1',
    );
    expect(text).toContain(
      'messaging_partition_paused{group="saga-coordinator",topic="inventory.events",partition="3"} 1',
    );
  });

  it("puts an assigned partition's dead letters, retries and pause at zero, keeping what was counted", async () => {
    const fresh = new Registry();
    const freshMetrics = MessagingMetrics.of(fresh);
    const freshObserver = metricsObserver(freshMetrics, 'payment-service', () => '?');
    freshMetrics.retries.inc({ group: 'payment-service', topic: 'inventory.events' }, 2);

    const partition = { topic: message.topic, partition: message.partition };
    freshObserver.onAssigned?.({ partition });
    freshObserver.onAssigned?.({ partition });

    const text = await fresh.metrics();
    for (const reason of ['poison', 'non-retriable', 'retries-exhausted']) {
      expect(text).toContain(
        `messaging_dead_letters_total{group="payment-service",topic="inventory.events",reason="${reason}"} 0`,
      );
    }
    expect(text).toContain(
      'messaging_messages_consumed_total{group="payment-service",topic="inventory.events",outcome="dead_lettered"} 0',
    );
    expect(text).toContain('messaging_retries_total{group="payment-service",topic="inventory.events"} 2');
    expect(text).toContain(
      'messaging_partition_paused{group="payment-service",topic="inventory.events",partition="3"} 0',
    );
  });
});
