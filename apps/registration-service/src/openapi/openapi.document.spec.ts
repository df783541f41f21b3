import { readFileSync } from 'node:fs';
import { compileErrors, validate } from '@readme/openapi-parser';
import { buildOpenApiDocument } from './openapi.document';
import { OPENAPI_PATH, REGENERATE_OPENAPI, renderOpenApiFile } from './openapi.file';

describe(buildOpenApiDocument.name, () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(structuredClone(buildOpenApiDocument()) as never);

    expect(result.valid ? 'valid' : compileErrors(result)).toBe('valid');
  });

  it('matches the checked-in copy (regenerate it with the command in the message)', async () => {
    const checkedIn = readFileSync(OPENAPI_PATH, 'utf8');

    expect({ file: checkedIn, regenerate: REGENERATE_OPENAPI }).toEqual({
      file: await renderOpenApiFile(),
      regenerate: REGENERATE_OPENAPI,
    });
  });

  it('documents every route the service answers', () => {
    expect(Object.keys(buildOpenApiDocument().paths ?? {}).sort()).toEqual(
      [
        '/health/live',
        '/health/ready',
        '/metrics',
        '/modules',
        '/openapi.json',
        '/registrations',
        '/registrations/{id}',
        '/sessions',
        '/sessions/current',
        '/students/me/registrations',
      ].sort(),
    );
  });
});
