/** Nest tokens for the values the core module provides that have no class of their own. */
export const CONFIG = Symbol('CONFIG');
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
export const PARTITION_READER = Symbol('PARTITION_READER');
