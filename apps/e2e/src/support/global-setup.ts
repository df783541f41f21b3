import { runE2eServices } from './run-e2e-services';

// Every e2e spec talks to the same running services, started once for the tier.
export default function globalSetup(): void {
  runE2eServices('up');
}
