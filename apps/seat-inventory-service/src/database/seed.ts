import type { Queryable } from '@platform/persistence';

export interface ModuleSeed {
  moduleId: string;
  title: string;
  capacity: number;
  /** The fee in euro cents; free when left out. */
  feeCents?: number;
}

export const demoModules: readonly ModuleSeed[] = [
  { moduleId: 'CS101', title: 'Introduction to Programming', capacity: 120, feeCents: 25000 },
  { moduleId: 'CS201', title: 'Data Structures and Algorithms', capacity: 60, feeCents: 30000 },
  { moduleId: 'CS305', title: 'Distributed Systems', capacity: 30, feeCents: 35000 },
  { moduleId: 'MA110', title: 'Linear Algebra', capacity: 80, feeCents: 20000 },
  { moduleId: 'PH150', title: 'Philosophy of Science', capacity: 10, feeCents: 15000 },
];

/** Inserts modules that do not exist yet; existing ones keep their counts. */
export async function seedModules(
  db: Queryable,
  modules: readonly ModuleSeed[] = demoModules,
): Promise<void> {
  for (const module of modules) {
    await db.query(
      `INSERT INTO modules (module_id, title, capacity, fee_cents) VALUES ($1, $2, $3, $4)
       ON CONFLICT (module_id) DO NOTHING`,
      [module.moduleId, module.title, module.capacity, module.feeCents ?? 0],
    );
  }
}
