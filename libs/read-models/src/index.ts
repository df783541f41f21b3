export { ACTIVE_GENERATION_KEY, generationKeys } from './read-model.keys';
export type { GenerationKeys } from './read-model.keys';
export { moduleSeatsView, registrationView } from './read-model.views';
export type { ModuleSeatsView, RegistrationView } from './read-model.views';
export { ReadModelReader } from './read-model.reader';
export {
  generationKeyPattern,
  newGenerationId,
  REBUILD_LOCK_KEY,
  tombstonesKey,
  WRITABLE_GENERATIONS_KEY,
} from './read-model.generations';
export { projectModuleRow, projectRegistrationRow } from './read-model.projection';
export type { Projection, ReadModelName } from './read-model.projection';
export { ProjectionStore } from './read-model.store';
export type {
  ApplyOutcome,
  ApplyResult,
  ApplyTarget,
  GenerationEntries,
  SwitchResult,
} from './read-model.store';
