/** The module is not in the read model, so there is no fee to quote and no seat to ask for. */
export class UnknownModuleError extends Error {
  override readonly name = 'UnknownModuleError';
}

export { ActiveRegistrationExistsError } from './registration.event-store';
