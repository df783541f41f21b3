/** Nest tokens for the values the core module provides that have no class of their own. */
export const CONFIG = Symbol('CONFIG');
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');

/** The service's name: its consumer group, dead-letter topic and message source. */
export const SERVICE = 'read-model-projector';
