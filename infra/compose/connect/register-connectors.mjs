// Registers every connector file of infra/connectors with Kafka Connect, the way the native stack
// does (PUT /connectors/<name>/config: creates or updates), then waits until each connector and
// all its tasks report RUNNING. Exits non-zero on a FAILED connector or task, or on the timeout,
// so `docker compose up` shows the job as failed instead of a platform that silently stalls.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const connectUrl = required('CONNECT_URL');
const dir = required('CONNECTORS_DIR');
const skipped = new Set(
  (process.env.SKIP_CONNECTORS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean),
);
const timeoutMs = Number(process.env.CONNECTOR_TIMEOUT_SECONDS ?? '180') * 1000;

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function connect(method, path, body) {
  const response = await fetch(`${connectUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

function stateOf(status) {
  const states = [status.connector.state, ...status.tasks.map((task) => task.state)];
  if (states.includes('FAILED')) {
    const trace =
      [status.connector, ...status.tasks].find((entry) => entry.state === 'FAILED' && entry.trace)?.trace ??
      '';
    return { failed: trace.split('\n')[0] || 'FAILED' };
  }
  return { running: status.tasks.length > 0 && states.every((state) => state === 'RUNNING') };
}

const definitions = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')))
  .filter((definition) => !skipped.has(definition.name));

for (const { name, config } of definitions) {
  const { status, body } = await connect('PUT', `/connectors/${encodeURIComponent(name)}/config`, config);
  if (status >= 300) throw new Error(`PUT ${name}: HTTP ${status} ${JSON.stringify(body)}`);
  console.log(`${name}: ${status === 201 ? 'created' : 'updated'}`);
}

const deadline = Date.now() + timeoutMs;
for (const { name } of definitions) {
  for (;;) {
    const { status, body } = await connect('GET', `/connectors/${encodeURIComponent(name)}/status`);
    const state = status === 200 ? stateOf(body) : {};
    if (state.failed) throw new Error(`${name} failed: ${state.failed}`);
    if (state.running) break;
    if (Date.now() > deadline) throw new Error(`${name} is not running after ${timeoutMs / 1000} s`);
    await sleep(1000);
  }
  console.log(`${name}: running`);
}
console.log(`connectors running: ${definitions.map(({ name }) => name).join(', ')}`);
