// Moves a stopped consumer group's offsets back to a time or to the earliest retained message.
//
//   npm run messaging:replay -- --group saga-coordinator --from "24h ago" [--topic inventory.events ...] [--dry-run]
import { parseArgs } from 'node:util';
import { kafkaConnectionSchema, parseEnvironment } from '@platform/config';
import { consumerGroupCatalog } from '@platform/contracts';
import { readStackEndpoints } from '@platform/stack-endpoints';
import {
  createKafkaClient,
  defaultKafkaClient,
  kafkaClientKinds,
  type KafkaClientKind,
} from '../kafka-client.factory';
import { describeReplayTarget, parseReplayTarget } from './replay-target';
import { executeReplay, planReplay, type PartitionReplay } from './replay.planner';

const USAGE = `usage: messaging:replay --group <group> --from <earliest | ISO time | "24h ago"> [--topic <topic> ...] [--dry-run]

Every instance of the group must be stopped first. Without --topic, every topic the group
consumes (from the consumer-group catalog) is replayed. --dry-run prints how many messages
each partition would read again and changes nothing.`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      group: { type: 'string' },
      from: { type: 'string' },
      topic: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean', default: false },
      client: { type: 'string', default: defaultKafkaClient },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.group || !values.from) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (!kafkaClientKinds.includes(values.client as KafkaClientKind)) {
    console.error(`--client must be one of ${kafkaClientKinds.join(', ')}`);
    return 2;
  }
  const target = parseReplayTarget(values.from);
  const topics = values.topic?.length ? values.topic : topicsOfGroup(values.group);
  // The brokers as the stack tools find them; sign-in and TLS as the services read them.
  const { kafka } = parseEnvironment('messaging:replay', kafkaConnectionSchema, process.env);
  const client = createKafkaClient(values.client as KafkaClientKind, {
    ...kafka,
    brokers: readStackEndpoints().kafka.brokers,
  });
  const admin = await client.createAdmin({ clientId: 'messaging-replay' });
  try {
    const group = await admin.describeGroup(values.group);
    const plan = await planReplay(admin, values.group, topics, target);
    console.log(
      `group ${values.group} (${group.state}, ${group.members} members), replay from ${describeReplayTarget(target)}`,
    );
    printPlan(plan);
    if (values['dry-run']) {
      if (group.members > 0) console.log(`\nthe group is running: stop it before the real replay`);
      console.log('\ndry run: nothing changed');
      return 0;
    }
    await executeReplay(admin, values.group, plan);
    console.log(
      `\nmoved; the group re-reads ${plan.reduce((sum, p) => sum + p.rereads, 0)} messages when it starts`,
    );
    return 0;
  } finally {
    await admin.close();
  }
}

function topicsOfGroup(group: string): string[] {
  const spec = consumerGroupCatalog.find((candidate) => candidate.name === group);
  if (!spec || spec.consumes.length === 0) {
    throw new Error(`the catalog lists no topics for group ${group}: name them with --topic`);
  }
  return [...spec.consumes];
}

function printPlan(plan: PartitionReplay[]): void {
  console.log('\ntopic                       partition       from         to    re-reads');
  for (const p of plan) {
    console.log(
      `${p.topic.padEnd(28)}${String(p.partition).padStart(9)}${p.from.padStart(11)}${p.to.padStart(11)}${String(p.rereads).padStart(12)}`,
    );
  }
  console.log(`${'total'.padEnd(59)}${String(plan.reduce((sum, p) => sum + p.rereads, 0)).padStart(12)}`);
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    console.error(`ERROR: ${error.message}`);
    process.exitCode = 1;
  },
);
