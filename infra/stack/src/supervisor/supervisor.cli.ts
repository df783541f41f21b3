import { writeRestartRecord } from './restart-record';
import { spawnSupervisedChild } from './supervised-child';
import { Supervisor } from './supervisor';
import { parseSupervisorSpec } from './supervisor-spec';

// One service's supervisor, started detached by ServiceProcess; its stdout is the service's log.
const spec = parseSupervisorSpec(process.argv[2]);
const supervisor = new Supervisor({
  app: spec.app,
  supervisorPid: process.pid,
  policy: spec.policy,
  stopGraceMs: spec.stopGraceMs,
  launch: () => spawnSupervisedChild(spec.command, spec.args, spec.logFile),
  save: (record) => writeRestartRecord(spec.recordFile, record),
  say: (line) => console.log(`[supervisor] ${line}`),
});

// The supervisor lives until it is stopped, also after a crash loop, so status can report it.
setInterval(() => undefined, 2 ** 31 - 1);
process.once('SIGTERM', () => {
  supervisor.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`[supervisor] ${spec.app}: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
});
supervisor.start();
