import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const repoRoot = resolve(__dirname, '../../..');

// A service process ends on SIGTERM (supervisors, the kubelet) and SIGINT (Ctrl-C) only, through
// its shutdown hooks; a hang-up does not end it.
describe('the shutdown signals of a service', () => {
  it('outlives a SIGHUP, and shuts down through its hooks on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', resolve(__dirname, 'support/signal-probe.app.ts')],
      {
        cwd: repoRoot,
        env: { ...process.env, TSX_TSCONFIG_PATH: resolve(repoRoot, 'tsconfig.base.json') },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      while (!output.includes('signal-probe listening')) {
        if (child.exitCode !== null) throw new Error(`the probe exited early: ${output}`);
        await sleep(50);
      }
      child.kill('SIGHUP');
      await sleep(500);
      expect(child.exitCode).toBeNull();
      expect(output).not.toContain('shutdown');

      child.kill('SIGTERM');
      await once(child, 'exit');
      expect(output).toContain('shutdown SIGTERM');
      // Nest re-raises the signal once its hooks ran, so the process ends by it.
      expect(child.signalCode).toBe('SIGTERM');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
