import { setTimeout as sleep } from 'node:timers/promises';
import type { PlatformTruth } from '../support/platform-truth';

export interface OverbookingSamples {
  /** Reads that answered (none while Postgres is down). */
  samples: number;
  /** Reads that found more seats held or confirmed than the module has. */
  overbooked: { reserved: number; confirmed: number; capacity: number }[];
}

/**
 * Reads the module's seat counts every `intervalMs` while a fault runs, because "never
 * overbooked" must hold during the fault too, not only once it healed. Failed reads (Postgres
 * down) are skipped.
 */
export function sampleOverbooking(truth: PlatformTruth, moduleId: string, intervalMs = 200) {
  const result: OverbookingSamples = { samples: 0, overbooked: [] };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const counts = await truth.moduleCounts(moduleId).catch(() => undefined);
      if (counts) {
        result.samples += 1;
        if (counts.reserved + counts.confirmed > counts.capacity) result.overbooked.push(counts);
      }
      await sleep(intervalMs);
    }
  })();
  return {
    async stop(): Promise<OverbookingSamples> {
      stopped = true;
      await loop;
      return result;
    },
  };
}
