const PREFIX = 'urn:course-platform:schema:';

export const dataSchemaUriPattern = /^urn:course-platform:schema:([A-Z][A-Za-z0-9]*):([1-9][0-9]*)$/;

/** The CloudEvents `dataschema` of one version of a message type, e.g. `urn:course-platform:schema:SeatReserved:2`. */
export function dataSchemaUri(type: string, version: number): string {
  return `${PREFIX}${type}:${version}`;
}

export function parseDataSchemaUri(uri: string): { type: string; version: number } | undefined {
  const match = dataSchemaUriPattern.exec(uri);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { type: match[1], version: Number(match[2]) };
}
