import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConnectors } from './connectors';
import { fromRoot } from './workspace';

interface Call {
  method: string;
  url: string;
  body: unknown;
}

/** A stand-in for Kafka Connect's REST API: records each call, answers status with the state given. */
async function fakeConnect(
  state: (name: string) => string,
): Promise<{ server: Server; url: string; calls: Call[] }> {
  const calls: Call[] = [];
  const read = async (request: IncomingMessage) => {
    let text = '';
    for await (const chunk of request) text += String(chunk);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  const server = createServer((request, response) => {
    void read(request).then((body) => {
      calls.push({ method: request.method ?? '', url: request.url ?? '', body });
      const name = decodeURIComponent((request.url ?? '').split('/')[2] ?? '');
      response.setHeader('content-type', 'application/json');
      if (request.method === 'PUT') {
        response.statusCode = 201;
        response.end(JSON.stringify({ name, config: body }));
      } else {
        const current = state(name);
        response.end(
          JSON.stringify({
            name,
            connector: { state: current },
            tasks: [{ id: 0, state: current, trace: 'boom\nat x' }],
          }),
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

function runJob(connectUrl: string, skip: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fromRoot('infra/compose/connect/register-connectors.mjs')], {
      env: {
        PATH: process.env.PATH,
        CONNECT_URL: connectUrl,
        CONNECTORS_DIR: fromRoot('infra/connectors'),
        SKIP_CONNECTORS: skip,
        CONNECTOR_TIMEOUT_SECONDS: '5',
      },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('register-connectors.mjs (the kafka-connectors job)', () => {
  jest.setTimeout(20_000);

  it('PUTs each connector file but the skipped ones as it is, then waits until they run', async () => {
    const connect = await fakeConnect(() => 'RUNNING');
    try {
      const { code, output } = await runJob(connect.url, 'outbox-smoke');
      const expected = loadConnectors().filter((connector) => connector.name !== 'outbox-smoke');

      expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('connectors running:') });
      expect(connect.calls.filter((call) => call.method === 'PUT')).toEqual(
        expected.map((connector) => ({
          method: 'PUT',
          url: `/connectors/${connector.name}/config`,
          body: connector.config,
        })),
      );
    } finally {
      connect.server.close();
    }
  });

  it('fails the job when a connector fails', async () => {
    const connect = await fakeConnect((name) => (name === 'platform' ? 'FAILED' : 'RUNNING'));
    try {
      const { code, output } = await runJob(connect.url, '');

      expect(code).not.toBe(0);
      expect(output).toContain('platform failed: boom');
    } finally {
      connect.server.close();
    }
  });
});
