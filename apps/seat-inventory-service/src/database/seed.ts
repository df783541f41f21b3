import type { Queryable } from '@platform/persistence';

export interface ModuleSeed {
  moduleId: string;
  title: string;
  capacity: number;
}

export const demoModules: readonly ModuleSeed[] = [
  { moduleId: 'CS101', title: 'Introduction to Programming', capacity: 120 },
  { moduleId: 'CS201', title: 'Data Structures and Algorithms', capacity: 60 },
  { moduleId: 'CS305', title: 'Distributed Systems', capacity: 30 },
  { moduleId: 'MA110', title: 'Linear Algebra', capacity: 80 },
  { moduleId: 'PH150', title: 'Philosophy of Science', capacity: 10 },
];

/** Inserts modules that do not exist yet; existing ones keep their counts. */
export async function seedModules(
  db: Queryable,
  modules: readonly ModuleSeed[] = demoModules,
): Promise<void> {
  for (const module of modules) {
    await db.query(
      `INSERT INTO modules (module_id, title, capacity) VALUES ($1, $2, $3) ON CONFLICT (module_id) DO NOTHING`,
      [module.moduleId, module.title, module.capacity],
    );
  }
}
