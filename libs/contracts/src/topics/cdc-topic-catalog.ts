import type { CdcTopicSpec } from './topic-spec';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Debezium's change-data-capture topics: one per captured table, named
 * `cdc.<service>.public.<table>` by the connector in infra/connectors (the names of the databases
 * they were read from before ADR 0009, kept by its `cdcTopics` router), keyed by the row's
 * primary key and compacted, so replaying one from the start yields the latest row of every key
 * (which is how the projector rebuilds its read models).
 */
export const cdcTopicCatalog = [
  {
    name: 'cdc.seat_inventory.public.modules',
    kind: 'cdc',
    connector: 'platform',
    database: 'platform',
    table: 'seat_inventory.modules',
    key: 'module_id',
    partitions: 10,
    // Compaction keeps the latest row per key; retention applies only to what compaction leaves behind.
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'compact',
    description: 'Seat counts and fee of every module, as rows change in seat-inventory-service.',
    // registration-service keeps its own copy of the catalog (which modules exist, at what fee).
    consumers: ['read-model-projector', 'registration-service'],
  },
  {
    name: 'cdc.registration.public.registration_status',
    kind: 'cdc',
    connector: 'platform',
    database: 'platform',
    table: 'registration.registration_status',
    key: 'registration_id',
    partitions: 10,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'compact',
    description: "Each registration's current status, as registration-service folds its events.",
    consumers: ['read-model-projector'],
  },
] as const satisfies readonly CdcTopicSpec[];

export type CdcTopicName = (typeof cdcTopicCatalog)[number]['name'];
