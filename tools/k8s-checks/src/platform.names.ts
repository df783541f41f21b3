/** Names the manifests share: the Strimzi clusters, the client listener and the label scheme. */
export const KAFKA_CLUSTER = 'platform-kafka';
export const CONNECT_CLUSTER = 'platform-connect';
/** Strimzi's bootstrap Service for the internal SCRAM listener of KAFKA_CLUSTER. */
export const KAFKA_BOOTSTRAP = `${KAFKA_CLUSTER}-kafka-bootstrap:9092`;
/** Kafka Connect's own group and internal topics, all under one prefix its KafkaUser may use. */
export const CONNECT_GROUP = CONNECT_CLUSTER;
/** The KafkaUser KEDA's Kafka scaler signs in with to read consumer-group lag. */
export const KEDA_LAG_READER = 'keda-lag-reader';
/** The KEDA TriggerAuthentication every lag trigger refers to. */
export const KEDA_TRIGGER_AUTH = 'keda-kafka';
export const PART_OF = 'course-platform';
