import type { MigrationBuilder } from 'node-pg-migrate';

export function up(pgm: MigrationBuilder): void {
  // The W3C trace context of the change that last wrote the row: CDC carries it to the projector,
  // whose span then continues the trace of the reservation that moved the seat count.
  pgm.addColumns('modules', { traceparent: { type: 'text' } });
}

export const down = false;
