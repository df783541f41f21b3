import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import {
  Body,
  CanActivate,
  Controller,
  HttpCode,
  Injectable,
  Module,
  Post,
  UseGuards,
  type ExecutionContext,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { prepareServiceApp } from '@platform/service-kit';
import { ZodValidationPipe } from '../src/http/zod-validation.pipe';
import { requestRegistrationBody } from '../src/registration/registration.schemas';

const USAGE = `usage: npm run bench:http -- [--requests N] [--connections C] [--rounds R]

Nest's Express adapter (what registration-service runs) against its Fastify adapter, side by side:
each adapter serves a POST /registrations shaped like the real one (a bearer-token guard, the zod
body pipe, the service bootstrap's interceptor and filter, 202 with a JSON body) in a child process
of its own; this process sends N requests over C keep-alive connections, R rounds alternating the
adapters, and prints requests/s, the server's CPU per request (from /proc) and latency.
Defaults: --requests 20000 --connections 32 --rounds 2.`;

type AdapterName = 'express' | 'fastify';

@Injectable()
class BearerGuard implements CanActivate {
  canActivate(execution: ExecutionContext): boolean {
    const header = execution.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers[
      'authorization'
    ];
    return header === 'Bearer bench';
  }
}

@Controller('registrations')
class RegistrationsController {
  private next = 0;

  @Post()
  @HttpCode(202)
  @UseGuards(BearerGuard)
  request(@Body(new ZodValidationPipe(requestRegistrationBody, 'body')) body: { moduleId: string }) {
    this.next += 1;
    return { registrationId: `${body.moduleId}-${this.next}` };
  }
}

@Module({ controllers: [RegistrationsController], providers: [BearerGuard] })
class BenchModule {}

async function serve(adapter: AdapterName): Promise<void> {
  const app =
    adapter === 'fastify'
      ? await NestFactory.create(BenchModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(BenchModule, { logger: false });
  prepareServiceApp(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  process.send?.({ port: address.port });
}

function startServer(adapter: AdapterName): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(__filename, ['--serve', adapter], { execArgv: process.execArgv });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ child, port: message.port }));
    child.once('exit', (code) => reject(new Error(`the ${adapter} server exited with ${code}`)));
  });
}

/** utime + stime of a process in clock ticks (100 a second on Linux). */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

const body = JSON.stringify({ moduleId: 'CS101' });

function post(agent: Agent, port: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/registrations',
        headers: {
          authorization: 'Bearer bench',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 202
            ? resolve(performance.now() - started)
            : reject(new Error(`status ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function drive(port: number, requests: number, connections: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let sent = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (sent < requests) {
        sent += 1;
        latencies.push(await post(agent, port));
      }
    }),
  );
  agent.destroy();
  return latencies;
}

interface RoundResult {
  adapter: AdapterName;
  perSecond: number;
  cpuUsPerRequest: number;
  p50: number;
  p99: number;
}

async function round(adapter: AdapterName, requests: number, connections: number): Promise<RoundResult> {
  const { child, port } = await startServer(adapter);
  try {
    await drive(port, Math.min(2_000, requests), connections);
    const ticksBefore = cpuTicks(child.pid!);
    const started = performance.now();
    const latencies = await drive(port, requests, connections);
    const seconds = (performance.now() - started) / 1000;
    const cpuMs = (cpuTicks(child.pid!) - ticksBefore) * 10;
    latencies.sort((a, b) => a - b);
    return {
      adapter,
      perSecond: requests / seconds,
      cpuUsPerRequest: (cpuMs * 1000) / requests,
      p50: latencies[Math.floor(latencies.length * 0.5)]!,
      p99: latencies[Math.floor(latencies.length * 0.99)]!,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      serve: { type: 'string' },
      requests: { type: 'string', default: '20000' },
      connections: { type: 'string', default: '32' },
      rounds: { type: 'string', default: '2' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.serve === 'express' || values.serve === 'fastify') {
    await serve(values.serve);
    return -1;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const requests = Number(values.requests);
  const connections = Number(values.connections);
  const rounds = Number(values.rounds);
  if (![requests, connections, rounds].every((n) => Number.isInteger(n) && n > 0)) {
    console.error(`--requests, --connections and --rounds take whole numbers above 0\n\n${USAGE}`);
    return 2;
  }
  console.log(`bench: ${requests} POSTs over ${connections} connections, ${rounds} rounds per adapter`);
  console.log('adapter   round  requests/s  server CPU/request  p50 ms  p99 ms');
  for (let n = 1; n <= rounds; n++) {
    for (const adapter of ['express', 'fastify'] as const) {
      const result = await round(adapter, requests, connections);
      console.log(
        `${adapter.padEnd(9)} ${String(n).padStart(5)}  ${result.perSecond.toFixed(0).padStart(10)}  ${`${result.cpuUsPerRequest.toFixed(0)} µs`.padStart(18)}  ${result.p50.toFixed(2).padStart(6)}  ${result.p99.toFixed(2).padStart(6)}`,
      );
    }
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
