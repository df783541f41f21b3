/** The deployables that produce or consume messages; each consumes as one Kafka consumer group. */
export const serviceNames = [
  'registration-service',
  'seat-inventory-service',
  'payment-service',
  'saga-coordinator',
  'read-model-projector',
  'notification-gateway',
] as const;

export type ServiceName = (typeof serviceNames)[number];
