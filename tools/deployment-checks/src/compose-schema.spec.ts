import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readCompose } from './compose-file';
import { repoRoot } from './workspace';

// The Compose Specification's schema lives beside the repository (../shared/schemas/compose/,
// a copy of compose-spec/compose-spec's schema/compose-spec.json); the project does not vendor it.
const SCHEMA_FILE = resolve(repoRoot, '../shared/schemas/compose/compose-spec.json');

function composeSchemaValidator(): ValidateFunction {
  if (!existsSync(SCHEMA_FILE)) {
    throw new Error(
      `The Compose Specification schema is missing at ${SCHEMA_FILE}. Put compose-spec.json from ` +
        'https://github.com/compose-spec/compose-spec (schema/compose-spec.json) there to run this check.',
    );
  }
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  // The schema names its draft by an https URI Ajv does not know; it is draft-07 either way.
  const { $schema: _draft, ...body } = schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(body);
}

describe('docker-compose.yml', () => {
  it('is valid under the Compose Specification JSON schema', () => {
    const validate = composeSchemaValidator();

    const valid = validate(readCompose());

    const errors = (validate.errors ?? []).map(
      (error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
    );
    expect(errors).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is checked by a schema that rejects an unknown service key', () => {
    const validate = composeSchemaValidator();
    const compose = readCompose();
    const broken = {
      ...compose,
      services: { ...compose.services, postgres: { ...compose.services.postgres, restart_policy: 'always' } },
    };

    expect(validate(broken)).toBe(false);
  });
});
