import { ReadModelReader } from '@platform/read-models';
import { loadStackConfig } from '@platform/stack';
import { Redis } from 'ioredis';

/** The Redis read models, read the way registration-service and the gateway read them. */
export function connectReadModels(): { reader: ReadModelReader; redis: Redis } {
  const { endpoints } = loadStackConfig();
  const redis = new Redis({ host: endpoints.redis.host, port: endpoints.redis.port, lazyConnect: false });
  return { reader: new ReadModelReader(redis), redis };
}
