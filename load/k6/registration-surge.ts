import { check, sleep } from 'k6';
import exec from 'k6/execution';
import type { Options } from 'k6/options';
import { Counter, Trend } from 'k6/metrics';
import { modules, register, registrationStatus, signIn } from './lib/api.ts';
import { studentId } from './lib/settings.ts';

// Registration opens: arrivals ramp up to the peak while virtual users grow as needed (up to
// 10,000), each one a student who signs in, registers for a module and waits for the outcome.
const settled = new Trend('registration_settled_ms', true);
const outcomes = new Counter('registration_outcomes');

export const options: Options = {
  scenarios: {
    surge: {
      executor: 'ramping-arrival-rate',
      exec: 'surge',
      startRate: 10,
      timeUnit: '1s',
      preAllocatedVUs: 200,
      maxVUs: 10_000,
      stages: [
        { target: 100, duration: '30s' },
        { target: 500, duration: '1m' },
        { target: 500, duration: '1m' },
        { target: 0, duration: '30s' },
      ],
    },
  },
  thresholds: {
    'http_req_duration{name:POST /registrations}': ['p(95)<500', 'p(99)<1000'],
    'http_req_failed{name:POST /registrations}': ['rate<0.01'],
    registration_settled_ms: ['p(95)<1000', 'p(99)<2000'],
    checks: ['rate>0.99'],
  },
};

export function setup(): { moduleIds: string[] } {
  const moduleIds = modules().map((module) => module.moduleId);
  if (moduleIds.length === 0) throw new Error('no modules: start the platform with its demo data first');
  return { moduleIds };
}

export function surge(data: { moduleIds: string[] }): void {
  const iteration = exec.scenario.iterationInTest;
  const student = studentId(iteration);
  const token = signIn(student);
  if (!check(token, { 'signed in': (value) => value !== undefined }) || !token) return;

  const moduleId = data.moduleIds[iteration % data.moduleIds.length] as string;
  const accepted = register(token, moduleId, `${student}-${moduleId}`);
  // 409: this student already holds a registration for the module (a rerun): not an error of the platform.
  if (!check(accepted, { 'registration accepted': (r) => r.status === 202 || r.status === 409 })) return;
  if (accepted.status !== 202) return;

  const registrationId = accepted.json('registrationId') as string;
  const started = Date.now();
  for (;;) {
    const status = registrationStatus(token, registrationId);
    if (status && status !== 'PENDING') {
      settled.add(Date.now() - started);
      outcomes.add(1, { status });
      return;
    }
    if (Date.now() - started > 60_000) {
      check(status, { 'registration ended within a minute': () => false });
      return;
    }
    sleep(0.2);
  }
}
