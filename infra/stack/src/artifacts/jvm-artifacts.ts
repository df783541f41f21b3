import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StackConfig } from '../stack.config';
import { lastLines } from '../health/log-tail';

export interface JvmArtifacts {
  kafkaLibs: string;
  connectPlugins: string;
}

export function jvmArtifactPaths(config: StackConfig): JvmArtifacts {
  return {
    kafkaLibs: resolve(config.artifactsDir, 'kafka/libs'),
    connectPlugins: resolve(config.artifactsDir, 'connect-plugins'),
  };
}

/**
 * Resolves Kafka, Kafka Connect and the Debezium plugin from Maven Central through infra/maven/pom.xml.
 * Runs Maven only when the pom changed since the last resolution; Maven's own cache (~/.m2) makes
 * a re-resolution after a pom change cheap.
 */
export function ensureJvmArtifacts(config: StackConfig, log: (line: string) => void): JvmArtifacts {
  const pom = resolve(config.repoRoot, 'infra/maven/pom.xml');
  const stampFile = resolve(config.artifactsDir, '.pom-sha256');
  const wanted = createHash('sha256').update(readFileSync(pom)).digest('hex');
  const paths = jvmArtifactPaths(config);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted && existsSync(paths.kafkaLibs)) {
    return paths;
  }
  log('resolving Kafka, Kafka Connect and Debezium from Maven Central (first run: a few minutes)');
  mkdirSync(config.logsDir, { recursive: true });
  const logFile = resolve(config.logsDir, 'maven.log');
  const result = spawnSync(
    'mvn',
    ['-B', '-ntp', '-f', pom, `-DoutputDir=${config.artifactsDir}`, 'package'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  writeFileSync(logFile, `${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.error)
    throw new Error(`maven: could not run mvn (${result.error.message}); apt-get install maven`);
  if (result.status !== 0) {
    throw new Error(
      `maven: resolving the JVM artifacts failed; last lines of ${logFile}:\n${lastLines(logFile, 20)}`,
    );
  }
  writeFileSync(stampFile, wanted);
  return paths;
}
