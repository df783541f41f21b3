import type { CommandType, MessageInput } from '@platform/contracts';

/** A command the saga sends; the service writes it to the outbox. */
export type SagaCommand = {
  [T in CommandType]: { readonly type: T; readonly data: MessageInput<T> };
}[CommandType];

export function command<T extends CommandType>(type: T, data: MessageInput<T>): SagaCommand {
  return { type, data } as SagaCommand;
}

/** Anything that advances a saga: a domain event, or the poller saying a deadline passed. */
export interface SagaInput {
  readonly type: string;
  readonly data: unknown;
}

/** What every saga needs to know about compensating. */
export interface CompensationSettings {
  /** How long one attempt of a compensation may take before it is sent again. */
  compensationDeadlineMs: number;
  /** Attempts of one compensation before it is recorded as failed. */
  compensationMaxAttempts: number;
}

/**
 * How a step is undone. `blind` compensations are safe to send without knowing whether the step
 * took effect (the receiver answers every one and remembers it), so a step that timed out is
 * compensated at once. The others need what the step's success reply carries (a payment id), so
 * they run when that success is known, also when it arrives after the saga turned back.
 */
export interface Compensation<Data, Input extends SagaInput, Reason extends string> {
  /** The saga's status while it waits for this compensation. */
  readonly status: string;
  readonly blind: boolean;
  command(data: Data, reason: Reason): SagaCommand;
  readonly completedBy: Input['type'];
}

export interface SagaStep<Data, Input extends SagaInput, Reason extends string, Settings> {
  readonly name: string;
  /** The saga's status while it waits for this step's reply. */
  readonly status: string;
  deadlineMs(settings: Settings): number;
  invoke(data: Data): SagaCommand[];
  readonly success: {
    readonly on: Input['type'];
    /** What the saga keeps of the success reply (a payment id, say). */
    record?(data: Data, input: Input): Data;
  };
  /** Replies that mean the step took no effect, and the reason the saga is cancelled with. */
  readonly failures: Partial<Record<Input['type'], Reason>>;
  readonly compensation?: Compensation<Data, Input, Reason>;
}

/**
 * A saga as data: what starts it, its steps in order (each with its deadline, its reply types and
 * its compensation), and its last commands when it completes or is cancelled. The engine in
 * `saga.engine.ts` interprets it.
 */
export interface SagaDefinition<
  Data,
  Input extends SagaInput,
  Reason extends string,
  Settings extends CompensationSettings,
> {
  readonly name: string;
  readonly start: { readonly on: Input['type']; data(input: Input): Data };
  readonly steps: readonly SagaStep<Data, Input, Reason, Settings>[];
  complete(data: Data): SagaCommand[];
  cancel(data: Data, reason: Reason): SagaCommand[];
  /** The reason a missed step deadline cancels with. */
  readonly timeoutReason: Reason;
  /** The input the deadline poller feeds when an instance's deadline has passed. */
  readonly deadlineInput: Input['type'];
}

export const COMPLETED = 'COMPLETED';
export const CANCELLED = 'CANCELLED';
export const COMPENSATION_FAILED = 'COMPENSATION_FAILED';

/** A compensation that ran out of attempts: recorded in the state, counted and logged. */
export interface CompensationFailure {
  readonly step: string;
  readonly attempts: number;
  readonly at: string;
}

/** A compensation started by a success that arrived after the saga turned back (a late payment). */
export interface LateCompensation {
  readonly step: string;
  readonly status: 'PENDING' | 'DONE' | 'FAILED';
  readonly attempt: number;
  readonly deadlineAt?: string;
}

/** The persisted state of one instance; plain JSON, so it is stored as jsonb as it is. */
export interface SagaState<Data, Reason extends string = string> {
  readonly status: string;
  readonly data: Data;
  /** The step being run, or the one at which the saga completed or turned back. */
  readonly step: number;
  readonly stepStartedAt: string;
  /** The deadline of the running step or compensation. */
  readonly deadlineAt?: string;
  /** Set once the saga turned back. */
  readonly cancellation?: {
    readonly reason: Reason;
    /** Every step the saga compensates, last step first. */
    readonly compensating: readonly string[];
    /** Those still to go; the first is running. */
    readonly pending: readonly string[];
    readonly attempt: number;
  };
  readonly late: readonly LateCompensation[];
  readonly failures: readonly CompensationFailure[];
}

export interface SagaTransition<Data, Reason extends string = string> {
  /** Undefined only when the input neither starts nor belongs to an instance. */
  readonly state: SagaState<Data, Reason> | undefined;
  readonly commands: readonly SagaCommand[];
  /** When the poller must feed the deadline input next; null when nothing is waiting. */
  readonly deadline: Date | null;
}

export type SagaEngine<Data, Input extends SagaInput, Reason extends string, Settings> = (
  state: SagaState<Data, Reason> | undefined,
  input: Input,
  now: Date,
  settings: Settings,
) => SagaTransition<Data, Reason>;
