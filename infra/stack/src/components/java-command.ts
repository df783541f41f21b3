import { resolve } from 'node:path';

/**
 * The JVM options every stack JVM shares. The serial collector and a small initial heap suit a
 * two-core development machine (measured: broker ~200 MB and Connect ~160 MB resident, against
 * ~240 MB each with G1, and the same outbox latency); -XX:+ExitOnOutOfMemoryError makes a JVM
 * that ran out of memory exit, so `status` shows it stopped instead of limping on.
 */
export function javaArgs(options: {
  heap: string;
  classpathDir: string;
  log4jConfig: string;
  logDir: string;
  mainClass: string;
  args: string[];
}): string[] {
  return [
    '-Xms64m',
    `-Xmx${options.heap}`,
    '-XX:+UseSerialGC',
    '-XX:ReservedCodeCacheSize=64m',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${options.log4jConfig}`,
    `-Dkafka.logs.dir=${options.logDir}`,
    '-cp',
    `${resolve(options.classpathDir)}/*`,
    options.mainClass,
    ...options.args,
  ];
}
