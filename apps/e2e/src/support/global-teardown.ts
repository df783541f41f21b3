import { runE2eServices } from './run-e2e-services';

export default function globalTeardown(): void {
  if (process.env.KEEP_SERVICES === '1') return;
  runE2eServices('down');
}
