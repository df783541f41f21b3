import { loadStackConfig, Services } from '@platform/stack';
import { OtlpTraceReceiver } from '@platform/testing';
import { describeLatency, quantile } from './surge/latency';
import { runRegistrationSurge, type SurgeOptions } from './surge/registration-surge';

// npm run bench:tracing [registrations] [modules] [concurrency] [rate per second]
// What tracing costs: the same registration surge against the platform's services started
// without OpenTelemetry, then with every span exported (always sampled, OTLP/HTTP) to a receiver
// in this process, which stands in for a collector on the same machine. Each run is preceded by
// a warm-up of a fifth of its size. Needs the stack (./platform stack up); it restarts the
// services and leaves them running as ./platform start would, without tracing.
const [registrations = 1000, modules = 100, concurrency = 32, ratePerSecond = 20] = process.argv
  .slice(2)
  .map(Number);

interface Measured {
  label: string;
  endToEnd: number[];
  completed: number;
  spans: number;
}

async function measure(
  label: string,
  services: Services,
  options: SurgeOptions,
  spansSoFar: () => number = () => 0,
): Promise<Measured> {
  const config = loadStackConfig();
  await services.down();
  await services.up(180_000);
  const url = services.get('registration-service').url;
  const warmUp = Math.max(50, Math.round(options.registrations / 5));
  await runRegistrationSurge(config, url, {
    ...options,
    registrations: warmUp,
    modules: Math.max(1, Math.round(options.modules / 5)),
  });
  const before = spansSoFar();
  const result = await runRegistrationSurge(config, url, options);
  // Batches leave every OTEL_BSP_SCHEDULE_DELAY (5 s by default).
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  const completed = [...result.visibleAt.values()].filter((entry) => entry.status === 'COMPLETED').length;
  console.log(
    `${label.padEnd(16)} POST accepted -> final status visible: ${describeLatency(result.endToEnd)}`,
  );
  return { label, endToEnd: result.endToEnd, completed, spans: spansSoFar() - before };
}

async function main(): Promise<void> {
  const config = loadStackConfig();
  const options: SurgeOptions = { registrations, modules, concurrency, ratePerSecond };
  console.log(
    `bench: ${registrations} registrations over ${modules} modules at ${ratePerSecond}/s, ${concurrency} in flight, per run`,
  );
  const untraced = await measure('tracing off', new Services(config), options);

  const receiver = await OtlpTraceReceiver.start();
  const tracedServices = new Services(config, {
    env: { '*': { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_TRACES_SAMPLER: 'always_on' } },
  });
  const traced = await measure('tracing on', tracedServices, options, () => receiver.all.length);
  await tracedServices.down();
  await receiver.close();
  await new Services(config).up(180_000);

  const row = (m: Measured) =>
    [0.5, 0.95, 0.99].map((q) => `${quantile(m.endToEnd, q).toFixed(0)}`.padStart(6)).join(' ') +
    `   ${String(m.completed).padStart(9)}   ${m.spans ? (m.spans / m.completed).toFixed(0).padStart(7) : '      -'}`;
  console.log('\n                     p50    p95    p99   completed   spans/registration');
  console.log(`tracing off       ${row(untraced)}`);
  console.log(`tracing on        ${row(traced)}`);
  const ratio = (q: number) => (quantile(traced.endToEnd, q) / quantile(untraced.endToEnd, q)).toFixed(2);
  console.log(
    `on / off          ${ratio(0.5).padStart(6)} ${ratio(0.95).padStart(6)} ${ratio(0.99).padStart(6)}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
