import { dataSchemaUri, parseDataSchemaUri } from './data-schema.uri';

describe(dataSchemaUri.name, () => {
  it('names one version of one message type', () => {
    expect(dataSchemaUri('SeatReserved', 2)).toBe('urn:course-platform:schema:SeatReserved:2');
  });
});

describe(parseDataSchemaUri.name, () => {
  it('reads back the type and version', () => {
    expect(parseDataSchemaUri(dataSchemaUri('PaymentFailed', 12))).toEqual({
      type: 'PaymentFailed',
      version: 12,
    });
  });

  it.each([
    'urn:course-platform:schema:SeatReserved',
    'urn:course-platform:schema:SeatReserved:0',
    'urn:course-platform:schema:SeatReserved:v2',
    'urn:other:schema:SeatReserved:1',
    'https://example.com/SeatReserved/1',
    ' urn:course-platform:schema:SeatReserved:1',
  ])('rejects %p', (uri) => {
    expect(parseDataSchemaUri(uri)).toBeUndefined();
  });
});
