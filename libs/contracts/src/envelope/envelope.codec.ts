import type { z } from 'zod';
import { ContractViolation } from '../messages/contract-violation';
import { parseDataSchemaUri } from './data-schema.uri';
import {
  CLOUDEVENTS_SPEC_VERSION,
  CONTENT_TYPE,
  envelopeHeaders,
  envelopeHeadersSchema,
  type EnvelopeHeaders,
} from './envelope.headers';

/** The CloudEvents attributes of one message; `specversion` and `datacontenttype` are fixed. */
export interface MessageEnvelope {
  readonly id: string;
  /** Who produced it, as a URI reference: `/services/<service-name>`. */
  readonly source: string;
  /** The message type name, e.g. `SeatReserved`. */
  readonly type: string;
  /** RFC 3339. */
  readonly time: string;
  /** The record key (the aggregate id), when set. */
  readonly subject?: string;
  /** `urn:course-platform:schema:<Type>:<version>`, see `dataSchemaUri`. */
  readonly dataschema: string;
  /** Shared by every message of one flow; the first message uses its own id. */
  readonly correlationId: string;
  /** The id of the message whose handling produced this one. */
  readonly causationId?: string;
  readonly traceparent?: string;
  readonly tracestate?: string;
}

export interface ReceivedEnvelope extends MessageEnvelope {
  /** The schema version the payload was written in, from `dataschema`. */
  readonly schemaVersion: number;
}

export type EnvelopeDecodeResult =
  | { readonly ok: true; readonly envelope: ReceivedEnvelope }
  | { readonly ok: false; readonly reason: string };

export type RawHeaders = Readonly<Record<string, Buffer | string | undefined | null>>;

function describeHeaderIssues(error: z.ZodError, headers: Record<string, string | undefined>): string {
  return error.issues
    .map((issue) => {
      const name = String(issue.path[0] ?? '(headers)');
      return headers[name] === undefined ? `missing ${name}` : `invalid ${name}: ${issue.message}`;
    })
    .join('; ');
}

/** Parses and cross-checks headers; the reason names every bad header at once. */
function parseHeaders(headers: Record<string, string | undefined>): EnvelopeDecodeResult {
  const parsed = envelopeHeadersSchema.safeParse(headers);
  if (!parsed.success) return { ok: false, reason: describeHeaderIssues(parsed.error, headers) };
  const h: EnvelopeHeaders = parsed.data;
  const schema = parseDataSchemaUri(h.ce_dataschema);
  if (schema === undefined || schema.type !== h.ce_type) {
    return {
      ok: false,
      reason: `invalid ${envelopeHeaders.dataschema}: ${h.ce_dataschema} does not describe ${envelopeHeaders.type} ${h.ce_type}`,
    };
  }
  return {
    ok: true,
    envelope: {
      id: h.ce_id,
      source: h.ce_source,
      type: h.ce_type,
      time: h.ce_time,
      subject: h.ce_subject,
      dataschema: h.ce_dataschema,
      correlationId: h.correlation_id,
      causationId: h.causation_id,
      traceparent: h.traceparent,
      tracestate: h.tracestate,
      schemaVersion: schema.version,
    },
  };
}

/** Kafka headers for a message; throws `ContractViolation` when an attribute is invalid. */
export function encodeEnvelopeHeaders(envelope: MessageEnvelope): Record<string, string> {
  const headers: Record<string, string | undefined> = {
    [envelopeHeaders.id]: envelope.id,
    [envelopeHeaders.source]: envelope.source,
    [envelopeHeaders.type]: envelope.type,
    [envelopeHeaders.specversion]: CLOUDEVENTS_SPEC_VERSION,
    [envelopeHeaders.time]: envelope.time,
    [envelopeHeaders.subject]: envelope.subject,
    [envelopeHeaders.contentType]: CONTENT_TYPE,
    [envelopeHeaders.dataschema]: envelope.dataschema,
    [envelopeHeaders.correlationId]: envelope.correlationId,
    [envelopeHeaders.causationId]: envelope.causationId,
    [envelopeHeaders.traceparent]: envelope.traceparent,
    [envelopeHeaders.tracestate]: envelope.tracestate,
  };
  const checked = parseHeaders(headers);
  if (!checked.ok) throw new ContractViolation('envelope', checked.reason);
  return Object.fromEntries(
    Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function headerText(value: Buffer | string | undefined | null): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : value.toString('utf8');
}

/**
 * Reads the envelope from Kafka headers. Header values arrive as UTF-8 bytes; Debezium writes a
 * NULL outbox column as a header with a null value, which counts as absent.
 */
export function decodeEnvelopeHeaders(headers: RawHeaders): EnvelopeDecodeResult {
  const values: Record<string, string | undefined> = {};
  for (const name of Object.values(envelopeHeaders)) values[name] = headerText(headers[name]);
  return parseHeaders(values);
}
