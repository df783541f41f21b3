import type { Queryable } from '@platform/persistence';
import { hashPassword } from '../sessions/password.hasher';

export interface StudentSeed {
  studentId: string;
  displayName: string;
  password: string;
}

export const DEMO_PASSWORD = 'demo-password';

export const demoStudents: readonly StudentSeed[] = [
  { studentId: 'alice', displayName: 'Alice Archer', password: DEMO_PASSWORD },
  { studentId: 'bob', displayName: 'Bob Brenner', password: DEMO_PASSWORD },
  { studentId: 'carol', displayName: 'Carol Chen', password: DEMO_PASSWORD },
  { studentId: 'dave', displayName: 'Dave Dimitrov', password: DEMO_PASSWORD },
];

const CHUNK = 1000;

/**
 * Inserts students that do not exist yet; existing ones keep their password. Each distinct
 * password is hashed once and the hash shared, so hundreds of students with one password take
 * one scrypt run.
 */
export async function seedStudents(
  db: Queryable,
  students: readonly StudentSeed[],
  options: { passwordHashCost: number },
): Promise<void> {
  const hashes = new Map<string, string>();
  for (const password of new Set(students.map((student) => student.password))) {
    hashes.set(password, await hashPassword(password, options.passwordHashCost));
  }
  for (let start = 0; start < students.length; start += CHUNK) {
    const chunk = students.slice(start, start + CHUNK);
    await db.query(
      `INSERT INTO students (student_id, display_name, password_hash)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (student_id) DO NOTHING`,
      [
        chunk.map((student) => student.studentId),
        chunk.map((student) => student.displayName),
        chunk.map((student) => hashes.get(student.password)),
      ],
    );
  }
}
