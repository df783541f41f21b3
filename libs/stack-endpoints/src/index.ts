export { readStackEndpoints, stackEndpointVariables } from './stack-endpoints';
export type { StackEndpoints } from './stack-endpoints';
