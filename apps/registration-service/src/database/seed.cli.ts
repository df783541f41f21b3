import { parseArgs } from 'node:util';
import { runCommand } from '@platform/service-kit';
import { Pool } from 'pg';
import { loadSeedConfig } from '../config';
import { runMigrations } from './migrate';
import { DEMO_PASSWORD, demoStudents, seedStudents, type StudentSeed } from './seed';

const USAGE = `usage: seed.cli.ts [--students <prefix>:<count>]

Migrates, then adds the demo students (password ${DEMO_PASSWORD}) that are not there yet.
--students also adds <count> students <prefix>-0001, <prefix>-0002, ... with the same password
(for load tests and end-to-end tests).`;

function generatedStudents(spec: string | undefined): StudentSeed[] {
  if (spec === undefined) return [];
  const match = /^([A-Za-z0-9._-]+):(\d{1,6})$/.exec(spec);
  if (!match) throw new Error(`--students wants <prefix>:<count>, got "${spec}"\n\n${USAGE}`);
  const [, prefix, count] = match as unknown as [string, string, string];
  return Array.from({ length: Number(count) }, (_, i) => {
    const studentId = `${prefix}-${String(i + 1).padStart(4, '0')}`;
    return { studentId, displayName: studentId, password: DEMO_PASSWORD };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { students: { type: 'string' } } });
  const extra = generatedStudents(values.students);
  const { database, passwordHashCost } = loadSeedConfig();
  await runMigrations(database);
  const pool = new Pool(database);
  try {
    await seedStudents(pool, [...demoStudents, ...extra], { passwordHashCost });
  } finally {
    await pool.end();
  }
  const names = demoStudents.map((student) => student.studentId).join(', ');
  process.stdout.write(
    `registration-service: demo students ${names}${extra.length ? ` and ${extra.length} generated` : ''}\n`,
  );
}

void runCommand(main);
