export { ConfigurationError, describeIssues, parseEnvironment } from './parse-environment';
export { flag, hostPortList, milliseconds, port } from './environment.schemas';
