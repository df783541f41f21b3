export type TopicDomain = 'registration' | 'inventory' | 'payment' | 'session' | 'realtime';

/** One Kafka topic as the platform declares it; the stack, compose and k8s create topics from these. */
export interface TopicSpec {
  readonly name: string;
  readonly domain: TopicDomain;
  readonly kind: 'commands' | 'events' | 'updates';
  /** The field of the message whose value is the record key, so one key's messages stay in order. */
  readonly key: string;
  readonly partitions: number;
  readonly retentionMs: number;
  readonly cleanupPolicy: 'delete' | 'compact';
  readonly description: string;
}
