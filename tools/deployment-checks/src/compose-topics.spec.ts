import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provisionedTopics } from '@platform/contracts';
import { bindMountsOf, dependenciesOf, environmentOf, readCompose } from './compose-file';
import {
  COMPOSE_TOPICS_FILE,
  expectedComposeTopics,
  parseTopicsFile,
  registeredConnectors,
  renderTopicsFile,
} from './compose-topics';
import { fromRoot } from './workspace';

const compose = readCompose();
const checkedIn = readFileSync(fromRoot(COMPOSE_TOPICS_FILE), 'utf8');

describe('the topics compose creates', () => {
  it("are the catalog topics and the registered connectors' heartbeat topics, with their partitions (regenerate: npx nx run deployment-checks:generate)", () => {
    const expected = expectedComposeTopics(registeredConnectors(compose));

    expect(parseTopicsFile(checkedIn)).toEqual(expected);
    expect(checkedIn).toBe(renderTopicsFile(expected));
  });

  it('include every provisioned topic with its partitions, retention and cleanup policy', () => {
    const inFile = new Map(parseTopicsFile(checkedIn).map((topic) => [topic.name, topic]));
    for (const topic of provisionedTopics) {
      expect(inFile.get(topic.name)).toEqual({
        name: topic.name,
        partitions: topic.partitions,
        cleanupPolicy: topic.cleanupPolicy,
        retentionMs: topic.retentionMs,
      });
    }
  });

  it('are read by the kafka-topics job from the checked-in file, once the broker is healthy', () => {
    const job = compose.services['kafka-topics'];
    if (job === undefined) throw new Error('docker-compose.yml has no kafka-topics service');

    expect(bindMountsOf(job)).toContainEqual({
      source: `./${COMPOSE_TOPICS_FILE}`,
      target: '/etc/course-platform/topics.txt',
    });
    expect(dependenciesOf(job).kafka).toBe('service_healthy');
    expect(environmentOf(job).KAFKA_BOOTSTRAP).toBe('kafka:29092');
  });
});

describe('create-topics.sh', () => {
  // The job's script with kafka-topics.sh replaced by a stub that records its arguments.
  function runScript(existing: string[]): string[][] {
    const dir = mkdtempSync(join(tmpdir(), 'create-topics-'));
    try {
      const log = join(dir, 'calls');
      const stub = join(dir, 'kafka-topics.sh');
      writeFileSync(
        stub,
        `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\ncase "$*" in *--list*) printf '%s\\n' ${existing.map((name) => `'${name}'`).join(' ')} ;; esac\n`,
      );
      chmodSync(stub, 0o755);
      writeFileSync(log, '');
      const run = spawnSync('sh', [fromRoot('infra/compose/kafka/create-topics.sh')], {
        env: {
          PATH: process.env.PATH,
          KAFKA_BOOTSTRAP: 'kafka:29092',
          KAFKA_TOPICS: stub,
          TOPICS_FILE: fromRoot(COMPOSE_TOPICS_FILE),
        },
        encoding: 'utf8',
      });
      if (run.status !== 0) throw new Error(`create-topics.sh failed: ${run.stderr}`);
      return readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' '));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('creates each topic of the file with its partitions, cleanup policy and retention', () => {
    const calls = runScript([]);
    const creates = calls.filter((args) => args.includes('--create'));
    const topics = parseTopicsFile(checkedIn);

    expect(creates).toHaveLength(topics.length);
    for (const topic of topics) {
      const call = creates.find((args) => args[args.indexOf('--topic') + 1] === topic.name);
      expect(call?.[call.indexOf('--partitions') + 1]).toBe(String(topic.partitions));
      expect(call).toContain(`cleanup.policy=${topic.cleanupPolicy}`);
      if (topic.retentionMs === undefined) expect(call?.join(' ')).not.toContain('retention.ms');
      else expect(call).toContain(`retention.ms=${topic.retentionMs}`);
    }
  });

  it('leaves topics that exist alone', () => {
    const calls = runScript(['registration.events', 'payment.events']);
    const created = calls
      .filter((args) => args.includes('--create'))
      .map((args) => args[args.indexOf('--topic') + 1]);

    expect(created).not.toContain('registration.events');
    expect(created).not.toContain('payment.events');
    expect(created).toHaveLength(parseTopicsFile(checkedIn).length - 2);
  });
});
