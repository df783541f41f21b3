export { ConfigurationError, describeIssues, parseEnvironment } from './parse-environment';
export { flag, hostPortList, milliseconds, port } from './environment.schemas';
export { kafkaConnectionSchema, kafkaSaslMechanisms } from './kafka-connection.schema';
export type { KafkaConnection } from './kafka-connection.schema';
export { postgresDatabaseSchema, postgresDatabasesSchema } from './postgres-database.schema';
export type { PostgresDatabase, PostgresDatabaseVariables } from './postgres-database.schema';
