import type { InboundMessage } from '../kafka/kafka-client.port';
import type { ConsumerObserver } from '../consumer/consumer-observer';
import type { MessagingMetrics } from './messaging.metrics';

/** Feeds a consumer's events into the Prometheus metrics; `typeOf` names a message for the handler histogram. */
export function metricsObserver(
  metrics: MessagingMetrics,
  groupId: string,
  typeOf: (headers: Record<string, Buffer | undefined>, message: InboundMessage) => string,
): ConsumerObserver {
  const partitionLabels = (topic: string, partition: number) => ({
    group: groupId,
    topic,
    partition: String(partition),
  });
  return {
    // Its series at zero from the start, so dashboards say "none yet" rather than "no data".
    onAssigned: ({ partition }) => metrics.trackPartition(groupId, partition.topic, partition.partition),
    onHandled: ({ message, outcome, durationMs }) => {
      metrics.handlerSeconds.observe(
        { group: groupId, type: typeOf(message.headers, message), outcome },
        durationMs / 1000,
      );
      if (outcome === 'succeeded') {
        metrics.consumed.inc({ group: groupId, topic: message.topic, outcome: 'handled' });
      }
    },
    onRetryScheduled: ({ message }) => metrics.retries.inc({ group: groupId, topic: message.topic }),
    onDeadLettered: ({ message, reason }) => {
      metrics.deadLettered.inc({ group: groupId, topic: message.topic, reason });
      metrics.consumed.inc({ group: groupId, topic: message.topic, outcome: 'dead_lettered' });
    },
    onPaused: ({ partition }) => metrics.paused.set(partitionLabels(partition.topic, partition.partition), 1),
    onResumed: ({ partition }) =>
      metrics.paused.set(partitionLabels(partition.topic, partition.partition), 0),
  };
}
