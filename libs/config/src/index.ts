export { ConfigurationError, describeIssues, parseEnvironment } from './parse-environment';
export { flag, hostPortList, milliseconds, port } from './environment.schemas';
export { kafkaConnectionSchema, kafkaSaslMechanisms } from './kafka-connection.schema';
export type { KafkaConnection } from './kafka-connection.schema';
