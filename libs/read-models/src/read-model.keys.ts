/**
 * Where the read models live in Redis. Every model belongs to a generation; `readmodel:active`
 * names the one readers see. A rebuild fills a fresh generation and then switches the pointer in
 * one command, so a reader sees either the old models or the new ones, never a half-built one.
 */
export const ACTIVE_GENERATION_KEY = 'readmodel:active';

export interface GenerationKeys {
  /** HASH moduleId -> ModuleSeatsView JSON. */
  readonly modules: string;
  /** HASH registrationId -> RegistrationView JSON. */
  readonly registrations: string;
  /** SET of one student's registration ids. */
  student(studentId: string): string;
}

export function generationKeys(generation: string): GenerationKeys {
  const prefix = `readmodel:${generation}`;
  return {
    modules: `${prefix}:modules`,
    registrations: `${prefix}:registrations`,
    student: (studentId) => `${prefix}:student:${studentId}`,
  };
}
