import type { z } from 'zod';
import { ContractViolation, describeIssues } from './contract-violation';

/** One published shape of a message type. */
export interface MessageVersion {
  readonly version: number;
  readonly schema: z.ZodType;
  /** Turns a payload of the previous version into one of this version; absent on version 1 only. */
  readonly upcast: ((previous: unknown) => unknown) | undefined;
}

export type DecodeFailureCode = 'UNKNOWN_TYPE' | 'UNKNOWN_VERSION' | 'INVALID_DATA' | 'UPCAST_FAILED';

export interface DecodeFailure {
  readonly ok: false;
  readonly code: DecodeFailureCode;
  readonly reason: string;
}

export type Decoded<Data> =
  { readonly ok: true; readonly data: Data; readonly receivedVersion: number } | DecodeFailure;

/** A payload that carries its topic's key field, so every record can be keyed from its own data. */
export type Keyed<Key extends string> = { readonly [K in Key]: string };

export interface MessageMeta<Name extends string, Topic extends string, Key extends string> {
  readonly name: Name;
  readonly topic: Topic;
  /** The payload field whose value is the record key (the topic's key). */
  readonly key: Key;
  readonly description: string;
}

/** What the registry and codec need of a message type, whatever its payload. */
export interface MessageContract {
  readonly name: string;
  readonly topic: string;
  readonly key: string;
  readonly description: string;
  readonly versions: readonly MessageVersion[];
  readonly currentVersion: number;
  validate(data: unknown): unknown;
  decode(version: number, data: unknown): Decoded<unknown>;
}

/** A version without its upcaster yet; not a message definition until `upcastFrom` is called. */
export interface PendingVersion<
  Name extends string,
  Topic extends string,
  Key extends string,
  Previous extends z.ZodType<Keyed<Key>>,
  Next extends z.ZodType<Keyed<Key>>,
> {
  /** `upcast` receives a valid payload of the previous version and returns one of the next. */
  upcastFrom(
    upcast: (previous: z.output<Previous>) => z.input<Next>,
  ): MessageDefinition<Name, Topic, Key, Next>;
}

const failure = (code: DecodeFailureCode, reason: string): DecodeFailure => ({ ok: false, code, reason });

/**
 * A message type: its name, topic and every version it ever had. Built with `first`, then
 * `version(schema).upcastFrom(upcast)` per later version, so every old payload can be brought to
 * the current version one step at a time.
 */
export class MessageDefinition<
  Name extends string,
  Topic extends string,
  Key extends string,
  Schema extends z.ZodType<Keyed<Key>>,
> implements MessageContract {
  readonly name: Name;
  readonly topic: Topic;
  readonly key: Key;
  readonly description: string;

  private constructor(
    meta: MessageMeta<Name, Topic, Key>,
    readonly versions: readonly MessageVersion[],
    /** The latest schema; also `versions.at(-1).schema`, kept typed. */
    readonly schema: Schema,
  ) {
    this.name = meta.name;
    this.topic = meta.topic;
    this.key = meta.key;
    this.description = meta.description;
  }

  static first<
    Name extends string,
    Topic extends string,
    Key extends string,
    S extends z.ZodType<Keyed<Key>>,
  >(meta: MessageMeta<Name, Topic, Key>, schema: S): MessageDefinition<Name, Topic, Key, S> {
    return new MessageDefinition(meta, [{ version: 1, schema, upcast: undefined }], schema);
  }

  get currentVersion(): number {
    return this.versions.length;
  }

  /**
   * Starts the next version; it exists once `upcastFrom` says how a payload of the current latest
   * version becomes one of it.
   */
  version<Next extends z.ZodType<Keyed<Key>>>(schema: Next): PendingVersion<Name, Topic, Key, Schema, Next> {
    return {
      upcastFrom: (upcast) =>
        new MessageDefinition(
          this,
          [
            ...this.versions,
            { version: this.versions.length + 1, schema, upcast: upcast as (previous: unknown) => unknown },
          ],
          schema,
        ),
    };
  }

  /** Checks a payload about to be produced against the current version; throws `ContractViolation`. */
  validate(data: unknown): z.output<Schema> {
    const parsed = this.schema.safeParse(data);
    if (!parsed.success) {
      throw new ContractViolation(
        this.name,
        `invalid v${this.currentVersion} payload: ${describeIssues(parsed.error)}`,
      );
    }
    return parsed.data;
  }

  /**
   * Validates a received payload against the version it was written in, then upcasts it step by
   * step to the current version, validating each step. Never throws: bad input is a result.
   */
  decode(version: number, data: unknown): Decoded<z.output<Schema>> {
    const received = Number.isInteger(version) ? this.versions[version - 1] : undefined;
    if (received === undefined) {
      return failure(
        'UNKNOWN_VERSION',
        `${this.name} has no version ${version} (known: 1 to ${this.currentVersion})`,
      );
    }
    const parsed = received.schema.safeParse(data);
    if (!parsed.success) {
      return failure(
        'INVALID_DATA',
        `invalid ${this.name} v${version} payload: ${describeIssues(parsed.error)}`,
      );
    }
    let payload: unknown = parsed.data;
    for (const step of this.versions.slice(version)) {
      const from = `upcasting ${this.name} from v${step.version - 1} to v${step.version}`;
      if (step.upcast === undefined) return failure('UPCAST_FAILED', `${from}: no upcaster`);
      let candidate: unknown;
      try {
        candidate = step.upcast(payload);
      } catch (error) {
        return failure(
          'UPCAST_FAILED',
          `${from} threw: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const upcast = step.schema.safeParse(candidate);
      if (!upcast.success) {
        return failure('UPCAST_FAILED', `${from} gave an invalid payload: ${describeIssues(upcast.error)}`);
      }
      payload = upcast.data;
    }
    return { ok: true, data: payload as z.output<Schema>, receivedVersion: version };
  }
}
