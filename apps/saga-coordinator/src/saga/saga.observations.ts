import type {
  CompensationFailure,
  CompensationSettings,
  SagaDefinition,
  SagaInput,
  SagaState,
} from './saga.definition';
import { hasEnded } from './saga.engine';

/** What a transition means for metrics and alerts, read off the states before and after it. */
export interface SagaObservation {
  /** Set when the saga ended with this transition. */
  readonly outcome?: { readonly status: string; readonly reason: string };
  /** The forward step the saga left, how, and after how long. */
  readonly stepLeft?: {
    readonly step: string;
    readonly result: 'succeeded' | 'failed' | 'timed_out';
    readonly seconds: number;
  };
  /** Compensations that ran out of attempts with this transition. */
  readonly compensationFailures: readonly CompensationFailure[];
}

export function observeTransition<
  Data,
  Input extends SagaInput,
  Reason extends string,
  Settings extends CompensationSettings,
>(
  definition: SagaDefinition<Data, Input, Reason, Settings>,
  before: SagaState<Data, Reason> | undefined,
  after: SagaState<Data, Reason>,
  now: Date,
): SagaObservation {
  const ended = hasEnded(after) && (before === undefined || !hasEnded(before));
  const wasForward = before !== undefined && !before.cancellation && !hasEnded(before);
  const left = wasForward && (after.step !== before.step || after.cancellation !== undefined);
  return {
    ...(ended ? { outcome: { status: after.status, reason: after.cancellation?.reason ?? 'none' } } : {}),
    ...(left
      ? {
          stepLeft: {
            step: definition.steps[before.step]?.name ?? String(before.step),
            result: !after.cancellation
              ? 'succeeded'
              : after.cancellation.reason === definition.timeoutReason
                ? 'timed_out'
                : 'failed',
            seconds: (now.getTime() - new Date(before.stepStartedAt).getTime()) / 1000,
          },
        }
      : {}),
    compensationFailures: after.failures.slice(before?.failures.length ?? 0),
  };
}
