export { eventually } from './eventually';
export { PrivateRedis } from './private-redis';
