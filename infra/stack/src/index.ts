export { loadStackConfig } from './stack.config';
export type { StackConfig } from './stack.config';
export { Services } from './services/services';
export type { ServicesOptions } from './services/services';
export type { ServiceProcess, ServiceState } from './services/service-process';
export { seedServices } from './provisioning/app-commands.provisioner';
export { ensureSessionKeys } from './services/session-keys';
export { connectorEnvironment as databaseEnvironment } from './components/kafka-connect.component';
