import { z } from 'zod';

/** A TCP port number given as a string. */
export const port = z.coerce.number().int().min(1).max(65535);

/** A comma-separated `host:port` list, as KAFKA_BROKERS. */
export const hostPortList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port')).min(1));

/** `true` or `false`, nothing else. */
export const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** A positive whole number of milliseconds. */
export const milliseconds = z.coerce.number().int().min(1);
