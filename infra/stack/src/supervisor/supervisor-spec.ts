import { resolve } from 'node:path';
import type { RestartPolicy } from './restart-policy';

/** What a supervisor process is given on its command line: the service to run, and how. */
export interface SupervisorSpec {
  app: string;
  command: string;
  args: string[];
  logFile: string;
  recordFile: string;
  policy: RestartPolicy;
  stopGraceMs: number;
}

/** `node`'s arguments that run a supervisor, loaded by swc like the services themselves. */
export function supervisorArgs(spec: SupervisorSpec): string[] {
  return ['-r', '@swc-node/register', resolve(__dirname, 'supervisor.cli.ts'), JSON.stringify(spec)];
}

export function parseSupervisorSpec(argument: string | undefined): SupervisorSpec {
  if (!argument) throw new Error('usage: supervisor.cli.ts <spec as JSON>');
  return JSON.parse(argument) as SupervisorSpec;
}
