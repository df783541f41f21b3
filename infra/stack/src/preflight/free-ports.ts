import { holderOfPort, isPortFree } from '../health/port-check';

/** Before starting a component: its port must be free, else say who holds it. */
export async function assertPortFree(
  component: string,
  variable: string,
  host: string,
  port: number,
): Promise<void> {
  if (await isPortFree(host, port)) return;
  throw new Error(
    `${component}: port ${port} on ${host} is taken by ${holderOfPort(port)}. ` +
      `Stop that process or choose another port with ${variable}.`,
  );
}
