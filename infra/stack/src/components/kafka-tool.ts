import { resolve } from 'node:path';
import { jvmArtifactPaths } from '../artifacts/jvm-artifacts';
import type { StackConfig } from '../stack.config';
import { javaArgs } from './java-command';

/** The java command line of one of Kafka's command-line tools, on the broker's classpath. */
export function kafkaToolCommand(config: StackConfig, mainClass: string, args: string[]): [string, string[]] {
  return [
    config.java,
    javaArgs({
      heap: '256m',
      classpathDir: jvmArtifactPaths(config).kafkaLibs,
      log4jConfig: resolve(config.repoRoot, 'infra/kafka/log4j2-tools.xml'),
      logDir: resolve(config.logsDir, 'kafka'),
      mainClass,
      args,
    }),
  ];
}
