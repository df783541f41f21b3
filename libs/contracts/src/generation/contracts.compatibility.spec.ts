import { messageDefinitions } from '../messages/message.registry';
import {
  contractPaths,
  GENERATE_COMMAND,
  generatedVersionSchemas,
  readPublishedSchemas,
} from './contract-files';
import { findCompatibilityProblems } from './schema-compatibility';

// The checked-in schema files are the published record: this is the check that stops a breaking change.
describe('published message schemas', () => {
  const published = readPublishedSchemas();
  const generated = generatedVersionSchemas();

  it('are neither changed nor removed, and every later version has an upcaster', () => {
    const problems = findCompatibilityProblems(
      messageDefinitions,
      generated,
      published,
      contractPaths.schemasDir,
    );
    expect(problems).toEqual([]);
  });

  it('exist for every version', () => {
    const unpublished = generated
      .filter(({ fileName }) => !published.has(fileName))
      .map(({ fileName }) => fileName);
    if (unpublished.length > 0) {
      throw new Error(`not generated yet: ${unpublished.join(', ')}; run \`${GENERATE_COMMAND}\``);
    }
  });
});
