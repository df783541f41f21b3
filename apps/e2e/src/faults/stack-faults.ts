import { setTimeout as sleep } from 'node:timers/promises';
import { loadStackConfig, Stack } from '@platform/stack';

export type StackComponentName = 'postgres' | 'redis' | 'kafka' | 'kafka-connect';

const quiet = { step: () => undefined, info: () => undefined };

/**
 * Faults of the native stack's infrastructure, done as an operator's bad day would do them: a
 * signal to a component's main process, then `stack up` (what `./platform stack up` runs) to heal.
 */
export class StackFaults {
  private readonly stack = new Stack(loadStackConfig(), quiet);

  /** Whether every component is a process this stack started (not so under docker compose). */
  get managedHere(): boolean {
    return this.stack.components.every((component) => component.leftovers().length > 0);
  }

  /** Sends `signal` to the component's main process and waits until all of its processes are gone. */
  async kill(name: StackComponentName, signal: NodeJS.Signals): Promise<void> {
    const component = this.component(name);
    const { pid } = await component.health();
    if (pid === undefined) throw new Error(`${name} is not running`);
    process.kill(pid, signal);
    const deadline = Date.now() + 60_000;
    while (component.leftovers().length > 0) {
      if (Date.now() > deadline) throw new Error(`${name} did not exit after ${signal}`);
      await sleep(100);
    }
  }

  /** Brings every component back and provisions what is missing, like `./platform stack up`. */
  heal(): Promise<void> {
    return this.stack.up();
  }

  private component(name: StackComponentName) {
    const found = this.stack.components.find((component) => component.name === name);
    if (!found) throw new Error(`no stack component ${name}`);
    return found;
  }
}
