export { serviceNames } from './services/service-catalog';
export type { ServiceName } from './services/service-catalog';

export { topicCatalog, topicNames, findTopic } from './topics/topic-catalog';
export type { TopicName, TopicKey, MessageTypeOn } from './topics/topic-catalog';
export type {
  TopicSpec,
  DomainTopicSpec,
  ConsumerTopicSpec,
  CdcTopicSpec,
  TopicDomain,
} from './topics/topic-spec';
export { cdcTopicCatalog } from './topics/cdc-topic-catalog';
export type { CdcTopicName } from './topics/cdc-topic-catalog';
export { moduleRow, registrationStatusRow, cdcChange, cdcRowSchemas } from './cdc/cdc-rows';
export type { ModuleRow, RegistrationStatusRow, CdcChange, CdcRowOf } from './cdc/cdc-rows';
export { consumerGroupCatalog, consumersOf, topicsConsumedBy } from './topics/consumer-group-catalog';
export type { ConsumerGroupName, ConsumerGroupSpec } from './topics/consumer-group-catalog';
export { consumerTopics, deadLetterTopicName } from './topics/consumer-topics';
export { provisionedTopics } from './topics/provisioned-topics';

export { messageDefinitions, findMessageDefinition } from './messages/message.registry';
export type {
  AnyMessage,
  CommandOf,
  CommandType,
  EventOf,
  EventType,
  Message,
  MessageInput,
  MessageOf,
  MessageType,
} from './messages/message.registry';
export type {
  DecodeFailure,
  DecodeFailureCode,
  MessageContract,
  MessageVersion,
} from './messages/message-definition';
export { currentVersionOf, decodeIncoming, keyOf, topicOf, validateOutgoing } from './messages/message.codec';
export type { DecodeResult } from './messages/message.codec';
export { ContractViolation } from './messages/contract-violation';
export { moduleChannel, studentChannel } from './messages/realtime.messages';

export { decodeEnvelopeHeaders, encodeEnvelopeHeaders } from './envelope/envelope.codec';
export type {
  EnvelopeDecodeResult,
  MessageEnvelope,
  RawHeaders,
  ReceivedEnvelope,
} from './envelope/envelope.codec';
export { CLOUDEVENTS_SPEC_VERSION, CONTENT_TYPE, envelopeHeaders } from './envelope/envelope.headers';
export type { EnvelopeHeaderName } from './envelope/envelope.headers';
export { dataSchemaUri, parseDataSchemaUri } from './envelope/data-schema.uri';
export {
  outboxAdditionalPlacement,
  outboxHeaderColumns,
  outboxRecordColumns,
} from './envelope/outbox.columns';

export { closeCodes, terminalCloseCodes } from './websocket/close-codes';
export type { CloseCode, CloseCodeName } from './websocket/close-codes';
export {
  PROTOCOL as WS_PROTOCOL,
  clientMessage,
  serverMessage,
  subscriptionChannel,
  subscriptionFilter,
  sourceChannel,
  position as streamPosition,
  realtimeEventType,
} from './websocket/ws-protocol';
export type {
  ClientMessage,
  RealtimeEventType,
  ServerMessage,
  SourceChannel,
  StreamPosition,
  SubscriptionChannel,
  SubscriptionFilter,
  WsErrorCode,
} from './websocket/ws-protocol';
