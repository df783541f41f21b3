import type { MigrationBuilder } from 'node-pg-migrate';

export function up(pgm: MigrationBuilder): void {
  // The W3C trace context of the change that last wrote the row: CDC carries it to the projector,
  // whose span then continues the registration's trace up to the WebSocket push.
  pgm.addColumns('registration_status', { traceparent: { type: 'text' } });
}

export const down = false;
