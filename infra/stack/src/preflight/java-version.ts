import { spawnSync } from 'node:child_process';

const REQUIRED_JAVA_MAJOR = 17;

/** Kafka 4 and Debezium 3 need Java 17 or newer; say so plainly before starting either. */
export function assertJava(java: string): void {
  const result = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (result.error) {
    throw new Error(
      `Java ${REQUIRED_JAVA_MAJOR} is missing: could not run '${java}' (${result.error.message}). ` +
        'Install it with: apt-get install openjdk-17-jdk-headless, or set JAVA_HOME.',
    );
  }
  const major = parseJavaMajor(result.stderr + result.stdout);
  if (major === undefined || major < REQUIRED_JAVA_MAJOR) {
    throw new Error(
      `Java ${REQUIRED_JAVA_MAJOR} or newer is needed for Kafka and Kafka Connect; '${java} -version' says ` +
        `${major ?? 'nothing recognisable'}. Install openjdk-17-jdk-headless or set JAVA_HOME.`,
    );
  }
}

export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  // Java 8 and older report "1.8.0_…".
  return first === 1 ? Number(match[2]) : first;
}
