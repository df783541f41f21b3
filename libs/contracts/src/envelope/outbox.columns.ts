import { envelopeHeaders, type EnvelopeHeaderName } from './envelope.headers';

/** Where Debezium's outbox event router takes the record itself from. */
export const outboxRecordColumns = {
  topic: 'aggregatetype',
  key: 'aggregateid',
  value: 'payload',
} as const;

/** Which outbox column becomes which Kafka header (the router's `table.fields.additional.placement`). */
export const outboxHeaderColumns = [
  { column: 'id', header: envelopeHeaders.id },
  { column: 'type', header: envelopeHeaders.type },
  { column: 'ce_source', header: envelopeHeaders.source },
  { column: 'ce_specversion', header: envelopeHeaders.specversion },
  { column: 'ce_time', header: envelopeHeaders.time },
  { column: 'ce_subject', header: envelopeHeaders.subject },
  { column: 'content_type', header: envelopeHeaders.contentType },
  { column: 'correlation_id', header: envelopeHeaders.correlationId },
  { column: 'causation_id', header: envelopeHeaders.causationId },
  { column: 'traceparent', header: envelopeHeaders.traceparent },
  { column: 'ce_dataschema', header: envelopeHeaders.dataschema },
  { column: 'tracestate', header: envelopeHeaders.tracestate },
] as const satisfies readonly { column: string; header: EnvelopeHeaderName }[];

/** The value of `transforms.<name>.table.fields.additional.placement` for the outbox connectors. */
export const outboxAdditionalPlacement: string = outboxHeaderColumns
  .map(({ column, header }) => `${column}:header:${header}`)
  .join(',');
