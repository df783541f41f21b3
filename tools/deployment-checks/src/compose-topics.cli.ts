import { writeFileSync } from 'node:fs';
import { readCompose } from './compose-file';
import {
  COMPOSE_TOPICS_FILE,
  expectedComposeTopics,
  registeredConnectors,
  renderTopicsFile,
} from './compose-topics';
import { fromRoot } from './workspace';

// Rewrites infra/compose/kafka/topics.txt from the catalog: `npx nx run deployment-checks:generate`.
const topics = expectedComposeTopics(registeredConnectors(readCompose()));
writeFileSync(fromRoot(COMPOSE_TOPICS_FILE), renderTopicsFile(topics));
process.stdout.write(`${COMPOSE_TOPICS_FILE}: ${topics.length} topics\n`);
