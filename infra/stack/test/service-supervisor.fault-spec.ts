import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitUntil } from '../src/health/wait-until';
import { isProcessLive, membersOfGroup } from '../src/process/process-identity';
import { Services } from '../src/services/services';
import { loadStackConfig } from '../src/stack.config';
import { restartPolicyFromEnv, type RestartPolicy } from '../src/supervisor/restart-policy';
import { readRestartRecord, type RestartRecord } from '../src/supervisor/restart-record';
import { runServicesCli, statusLine } from './support/stack-cli';

// `web` needs no database or broker, so these specs need nothing of the stack and are not skipped
// with it: they kill only processes they started, in a state folder of their own (pid files, logs,
// records) and on a free port, beside whatever else runs.
describe('a service under its supervisor', () => {
  const home = mkdtempSync(join(tmpdir(), 'service-supervisor-'));
  const homeEnv = { STACK_HOME: home };
  const config = loadStackConfig({ ...process.env, ...homeEnv });
  const recordFile = join(config.runDir, 'services', 'web.supervisor.json');
  let services: Services | undefined;

  function supervisedWeb(env: Record<string, string>, policy: RestartPolicy): Services {
    services = new Services(config, { only: ['web'], env: { web: env }, restartPolicy: policy });
    return services;
  }

  const record = (): RestartRecord => readRestartRecord(recordFile)!;

  async function expectNothingLeft(pids: number[], supervisorPid: number): Promise<void> {
    for (const pid of pids) expect(isProcessLive(pid)).toBe(false);
    expect(membersOfGroup(supervisorPid)).toEqual([]);
    expect((await services!.status())[0]).toMatchObject({ state: 'stopped', pid: undefined });
  }

  afterEach(() => services?.down(), 60_000);
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('brings a service killed with SIGKILL back ready with a new pid, and records the restart', async () => {
    const port = await freePort();
    const web = supervisedWeb({ HTTP_PORT: String(port) }, restartPolicyFromEnv({})).get('web');
    await services!.up(120_000);
    const killedPid = web.pid!;
    const { supervisorPid } = record();
    expect(killedPid).not.toBe(supervisorPid);

    process.kill(killedPid, 'SIGKILL');
    await waitUntil(
      'web back under a new pid',
      async () => web.pid !== undefined && web.pid !== killedPid && (await web.isReady()),
      { timeoutMs: 120_000 },
    );

    const [status] = await services!.status();
    const restartedPid = web.pid!;
    expect(status).toMatchObject({
      state: 'ready',
      pid: restartedPid,
      restarts: 1,
      lastExit: { pid: killedPid, signal: 'SIGKILL', exitCode: null, restartDelayMs: 1_000 },
    });
    expect(record()).toMatchObject({
      state: 'running',
      supervisorPid,
      restarts: 1,
      child: { pid: restartedPid },
    });
    expect(record().exits).toHaveLength(1);
    expect(record().exits[0]!.lastLogLines).toContain(
      `web: the student page is at http://localhost:${port}/`,
    );

    await services!.down();
    await expectNothingLeft([supervisorPid, killedPid, restartedPid], supervisorPid);
  }, 300_000);

  it('reports a service that crashes on every start as a crash loop, stops restarting it, and down leaves nothing', async () => {
    const policyEnv = {
      SERVICES_RESTART_BACKOFF_MS: '200',
      SERVICES_RESTART_BACKOFF_MAX_MS: '1000',
      SERVICES_CRASH_LOOP_EXITS: '4',
      SERVICES_CRASH_LOOP_WINDOW_MS: '120000',
    };
    const web = supervisedWeb({ HTTP_PORT: 'not-a-number' }, restartPolicyFromEnv(policyEnv)).get('web');

    web.start();
    await expect(web.waitReady(120_000)).rejects.toThrow(/crash loop/);

    const { supervisorPid, exits } = record();
    expect(record()).toMatchObject({ state: 'crash-loop', restarts: 3 });
    expect(exits.map((exit) => exit.restartDelayMs)).toEqual([200, 400, 800, undefined]);
    for (const exit of exits) {
      expect(exit).toMatchObject({ exitCode: 1, signal: null });
      expect(exit.lastLogLines.join('\n')).toMatch(/HTTP_PORT/);
    }
    const status = runServicesCli(homeEnv, 'status');
    expect(status.code).toBe(3);
    expect(statusLine(status.output, 'web')).toMatch(/crash-loop .* 3 restarts, last exit: exit code 1 at /);

    // Longer than any backoff of this policy: were it still restarting, the count would have grown.
    await sleep(3_000);
    expect((await services!.status())[0]).toMatchObject({ state: 'crash-loop', pid: undefined, restarts: 3 });
    expect(record().exits).toHaveLength(4);
    expect(membersOfGroup(supervisorPid)).toEqual([supervisorPid]);

    expect(runServicesCli(homeEnv, 'down').code).toBe(0);
    await expectNothingLeft([supervisorPid, ...exits.map((exit) => exit.pid)], supervisorPid);
  }, 300_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
