import { randomUUID } from 'node:crypto';
import { eventually } from '@platform/testing';
import type { ReadModelReader } from '@platform/read-models';
import type { RegistrationApi, RegistrationBody } from './registration-api';

/** Ids of their own per run, so reruns against the same stack never share a module or student. */
export const freshId = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

export const isTerminal = (body: RegistrationBody): boolean => body.status !== 'PENDING';

/** Polls the owner's view of a registration until it has ended, and returns it. */
export function settled(api: RegistrationApi, token: string, registrationId: string, timeoutMs = 120_000) {
  return eventually(
    `registration ${registrationId} to end`,
    async () => {
      const response = await api.registration(token, registrationId);
      return response.status === 200 && isTerminal(response.body) ? response.body : undefined;
    },
    timeoutMs,
  );
}

/** Waits until the projector has put the module into the read model. */
export function moduleVisible(reader: ReadModelReader, moduleId: string) {
  return eventually(`module ${moduleId} in the read model`, () => reader.module(moduleId), 60_000);
}
