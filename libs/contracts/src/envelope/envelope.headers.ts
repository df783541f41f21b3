import { z } from 'zod';
import { dataSchemaUriPattern } from './data-schema.uri';

/** Kafka header names of the CloudEvents 1.0 binary mode, plus the platform's tracing extensions. */
export const envelopeHeaders = {
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  specversion: 'ce_specversion',
  time: 'ce_time',
  subject: 'ce_subject',
  contentType: 'content-type',
  dataschema: 'ce_dataschema',
  correlationId: 'correlation_id',
  causationId: 'causation_id',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export type EnvelopeHeaderName = (typeof envelopeHeaders)[keyof typeof envelopeHeaders];

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
export const CONTENT_TYPE = 'application/json';

const text = z.string().min(1).max(512);

// Version 00 of W3C Trace Context; the all-zero ids are invalid there too.
const traceparent = z
  .string()
  .regex(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/, 'must be 00-<32 hex>-<16 hex>-<2 hex>, lower case')
  .refine(
    (value) => !/^00-0{32}-|^00-[0-9a-f]{32}-0{16}-/.test(value),
    'trace id and parent id must not be all zeros',
  );

/** The headers of every platform message, header name to string value. */
export const envelopeHeadersSchema = z.object({
  [envelopeHeaders.id]: text,
  [envelopeHeaders.source]: text.regex(/^\S+$/, 'must be a URI reference such as /services/payment-service'),
  [envelopeHeaders.type]: z
    .string()
    .regex(/^[A-Z][A-Za-z0-9]*$/, 'must be a message type name such as SeatReserved'),
  [envelopeHeaders.specversion]: z.literal(CLOUDEVENTS_SPEC_VERSION),
  [envelopeHeaders.time]: z.iso.datetime({
    offset: true,
    error: 'must be an RFC 3339 timestamp with seconds',
  }),
  [envelopeHeaders.subject]: text.optional(),
  [envelopeHeaders.contentType]: z.literal(CONTENT_TYPE),
  [envelopeHeaders.dataschema]: z
    .string()
    .regex(dataSchemaUriPattern, 'must be urn:course-platform:schema:<Type>:<version>'),
  [envelopeHeaders.correlationId]: text,
  [envelopeHeaders.causationId]: text.optional(),
  [envelopeHeaders.traceparent]: traceparent.optional(),
  [envelopeHeaders.tracestate]: text.optional(),
});

export type EnvelopeHeaders = z.output<typeof envelopeHeadersSchema>;
