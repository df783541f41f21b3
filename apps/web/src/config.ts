import { parseEnvironment, port } from '@platform/config';
import { z } from 'zod';

const SERVICE = 'web';

const schema = z.object({
  HTTP_PORT: port.default(3000),
  API_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3001'),
  GATEWAY_URL: z.url({ protocol: /^wss?$/ }).default('ws://localhost:3006/ws'),
});

export interface Config {
  httpPort: number;
  /** What the page reads from /config.json: where the browser finds the API and the gateway. */
  page: PageConfig;
}

export interface PageConfig {
  apiUrl: string;
  gatewayUrl: string;
}

/** The only reader of the environment: validates once and names every bad variable in one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnvironment(SERVICE, schema, env);
  return {
    httpPort: e.HTTP_PORT,
    page: { apiUrl: e.API_URL.replace(/\/+$/, ''), gatewayUrl: e.GATEWAY_URL },
  };
}
