import { envelopeHeaders } from './envelope.headers';
import { outboxAdditionalPlacement, outboxHeaderColumns } from './outbox.columns';

describe('outboxHeaderColumns', () => {
  it('gives every envelope header exactly one outbox column', () => {
    const headers = outboxHeaderColumns.map(({ header }) => header);
    expect([...headers].sort()).toEqual(Object.values(envelopeHeaders).sort());
    const columns = outboxHeaderColumns.map(({ column }) => column);
    expect(new Set(columns).size).toBe(columns.length);
  });
});

describe('outboxAdditionalPlacement', () => {
  it("is the outbox router's placement list, the existing columns first", () => {
    expect(outboxAdditionalPlacement).toBe(
      'id:header:ce_id,type:header:ce_type,ce_source:header:ce_source,ce_specversion:header:ce_specversion,' +
        'ce_time:header:ce_time,ce_subject:header:ce_subject,content_type:header:content-type,' +
        'correlation_id:header:correlation_id,causation_id:header:causation_id,traceparent:header:traceparent,' +
        'ce_dataschema:header:ce_dataschema,tracestate:header:tracestate',
    );
  });
});
