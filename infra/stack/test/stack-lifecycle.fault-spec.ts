import { loadStackConfig } from '../src/stack.config';
import { Stack } from '../src/stack';
import { isProcessLive } from '../src/process/process-identity';
import { runStackCli, statusLine } from './support/stack-cli';

const quiet = { step: () => undefined, info: () => undefined };
const stack = new Stack(loadStackConfig(), quiet);
const managedHere = stack.components.every((component) => component.leftovers().length > 0);

// These specs stop and start the real processes of the native stack, so they run in the fault
// tier, one at a time, after every other tier. Against a stack started some other way (docker
// compose) there is nothing of ours to stop, and they are skipped.
(managedHere ? describe : describe.skip)('the stack tool on the native stack', () => {
  it('is harmless when run twice: up on a healthy stack keeps every process', () => {
    const pidsBefore = stack.components.map((component) => component.leftovers()[0]);

    const result = runStackCli('up');

    expect(result.code).toBe(0);
    for (const name of ['postgres', 'redis', 'kafka', 'kafka-connect', 'prometheus']) {
      expect(result.output).toContain(`${name}: already healthy`);
    }
    expect(stack.components.map((component) => component.leftovers()[0])).toEqual(pidsBefore);
  });

  it('tells the truth about a component killed by hand, and up brings it back', () => {
    const redis = stack.components.find((component) => component.name === 'redis')!;
    const [pid] = redis.leftovers();
    process.kill(pid!, 'SIGKILL');

    const status = runStackCli('status');
    expect(status.code).toBe(3);
    expect(statusLine(status.output, 'redis')).toMatch(/stopped/);
    expect(statusLine(status.output, 'kafka')).toMatch(/healthy/);

    expect(runStackCli('up').code).toBe(0);
    expect(statusLine(runStackCli('status').output, 'redis')).toMatch(/healthy/);
  });

  it('leaves no process behind after down, and comes back up', () => {
    const pids = stack.components.flatMap((component) => component.leftovers());
    expect(pids.length).toBeGreaterThanOrEqual(4);

    const down = runStackCli('down');

    expect(down.code).toBe(0);
    for (const pid of pids) expect(isProcessLive(pid)).toBe(false);
    const status = runStackCli('status');
    expect(status.code).toBe(3);
    for (const name of ['postgres', 'redis', 'kafka', 'kafka-connect', 'prometheus']) {
      expect(statusLine(status.output, name)).toMatch(/stopped/);
    }

    expect(runStackCli('up').code).toBe(0);
  });
});
