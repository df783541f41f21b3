import { startServiceTracing } from '@platform/observability';

// main.ts imports this first: the HTTP, Express and pg instrumentations patch modules as they load.
startServiceTracing('notification-gateway');
