import {
  CANCELLED,
  COMPENSATION_FAILED,
  COMPLETED,
  type CompensationSettings,
  type LateCompensation,
  type SagaCommand,
  type SagaDefinition,
  type SagaEngine,
  type SagaInput,
  type SagaState,
  type SagaStep,
  type SagaTransition,
} from './saga.definition';

const ENDED = new Set([COMPLETED, CANCELLED, COMPENSATION_FAILED]);

export function hasEnded(state: Pick<SagaState<unknown>, 'status'>): boolean {
  return ENDED.has(state.status);
}

/**
 * Turns a saga definition into its engine: a pure function of (state, input, now, settings) to
 * (state, commands, deadline). No I/O and no clock of its own, so a recorded history replays to
 * the same commands and a property test can drive thousands of interleavings.
 *
 * Idempotent by state: an input that does not move the saga (a duplicate, a reply to a step the
 * saga has left, a deadline that has not passed) returns the state unchanged and no commands.
 */
export function createSagaEngine<
  Data,
  Input extends SagaInput,
  Reason extends string,
  Settings extends CompensationSettings,
>(definition: SagaDefinition<Data, Input, Reason, Settings>): SagaEngine<Data, Input, Reason, Settings> {
  type State = SagaState<Data, Reason>;
  type Step = SagaStep<Data, Input, Reason, Settings>;
  type Transition = SagaTransition<Data, Reason>;

  const steps = definition.steps;
  const stepNamed = (name: string): Step => {
    const step = steps.find((candidate) => candidate.name === name);
    if (!step) throw new Error(`${definition.name} saga has no step ${name}`);
    return step;
  };
  const after = (now: Date, ms: number) => new Date(now.getTime() + ms).toISOString();

  function transition(state: State, commands: readonly SagaCommand[] = []): Transition {
    const deadlines = [state.deadlineAt, ...state.late.map((late) => late.deadlineAt)]
      .filter((at): at is string => at !== undefined)
      .map((at) => new Date(at).getTime());
    return {
      state,
      commands,
      deadline: deadlines.length > 0 ? new Date(Math.min(...deadlines)) : null,
    };
  }

  function enterStep(state: State, index: number, now: Date, settings: Settings): Transition {
    const step = steps[index];
    if (!step) {
      const { deadlineAt: _, ...rest } = state;
      return transition({ ...rest, status: COMPLETED, step: index }, definition.complete(state.data));
    }
    return transition(
      {
        ...state,
        status: step.status,
        step: index,
        stepStartedAt: now.toISOString(),
        deadlineAt: after(now, step.deadlineMs(settings)),
      },
      step.invoke(state.data),
    );
  }

  /**
   * Compensates what the steps before the current one did, last first. A step that timed out may
   * still take effect, so its own compensation comes first when it is blind.
   */
  function turnBack(
    state: State,
    reason: Reason,
    timedOut: boolean,
    now: Date,
    settings: Settings,
  ): Transition {
    const current = steps[state.step];
    const compensating = [
      ...(timedOut && current?.compensation?.blind ? [current.name] : []),
      ...steps
        .slice(0, state.step)
        .filter((step) => step.compensation)
        .reverse()
        .map((step) => step.name),
    ];
    return compensateNext(
      { ...state, cancellation: { reason, compensating, pending: compensating, attempt: 1 } },
      now,
      settings,
    );
  }

  function compensateNext(state: State, now: Date, settings: Settings): Transition {
    const cancellation = state.cancellation!;
    const [next] = cancellation.pending;
    if (next === undefined) {
      const { deadlineAt: _, ...rest } = state;
      return transition(
        { ...rest, status: rest.failures.length > 0 ? COMPENSATION_FAILED : CANCELLED },
        definition.cancel(state.data, cancellation.reason),
      );
    }
    const compensation = stepNamed(next).compensation!;
    return transition(
      {
        ...state,
        status: compensation.status,
        deadlineAt: after(now, settings.compensationDeadlineMs),
        cancellation: { ...cancellation, attempt: 1 },
      },
      [compensation.command(state.data, cancellation.reason)],
    );
  }

  const due = (at: string | undefined, now: Date) =>
    at !== undefined && new Date(at).getTime() <= now.getTime();

  /** DeadlineElapsed: every due late compensation, then the running step or compensation. */
  function onDeadline(state: State, now: Date, settings: Settings): Transition {
    const late = onLateDeadlines(state, now, settings);
    const main = onMainDeadline(late.state, now, settings);
    return { ...main, commands: [...late.commands, ...main.commands] };
  }

  function onLateDeadlines(
    state: State,
    now: Date,
    settings: Settings,
  ): { state: State; commands: SagaCommand[] } {
    const cancellation = state.cancellation;
    if (!cancellation) return { state, commands: [] };
    const commands: SagaCommand[] = [];
    const failures = [...state.failures];
    const late = state.late.map((entry): LateCompensation => {
      if (entry.status !== 'PENDING' || !due(entry.deadlineAt, now)) return entry;
      if (entry.attempt < settings.compensationMaxAttempts) {
        commands.push(stepNamed(entry.step).compensation!.command(state.data, cancellation.reason));
        return {
          ...entry,
          attempt: entry.attempt + 1,
          deadlineAt: after(now, settings.compensationDeadlineMs),
        };
      }
      failures.push({ step: entry.step, attempts: entry.attempt, at: now.toISOString() });
      return { step: entry.step, status: 'FAILED', attempt: entry.attempt };
    });
    // A refund that ran out of attempts after the cancellation: the registration stays cancelled.
    const status = state.status === CANCELLED && failures.length > 0 ? COMPENSATION_FAILED : state.status;
    return { state: { ...state, status, late, failures }, commands };
  }

  function onMainDeadline(state: State, now: Date, settings: Settings): Transition {
    if (!due(state.deadlineAt, now)) return transition(state);
    const cancellation = state.cancellation;
    if (!cancellation) return turnBack(state, definition.timeoutReason, true, now, settings);

    const running = cancellation.pending[0]!;
    if (cancellation.attempt < settings.compensationMaxAttempts) {
      return transition(
        {
          ...state,
          deadlineAt: after(now, settings.compensationDeadlineMs),
          cancellation: { ...cancellation, attempt: cancellation.attempt + 1 },
        },
        [stepNamed(running).compensation!.command(state.data, cancellation.reason)],
      );
    }
    // Out of attempts: record the failure and go on, so the registration still ends.
    return compensateNext(
      {
        ...state,
        failures: [
          ...state.failures,
          { step: running, attempts: cancellation.attempt, at: now.toISOString() },
        ],
        cancellation: { ...cancellation, pending: cancellation.pending.slice(1) },
      },
      now,
      settings,
    );
  }

  /** A reply once the saga turned back: the running compensation's answer, or a late success. */
  function onReplyWhileCancelling(state: State, input: Input, now: Date, settings: Settings): Transition {
    const cancellation = state.cancellation!;
    const [running] = cancellation.pending;
    if (running !== undefined && stepNamed(running).compensation!.completedBy === input.type) {
      return compensateNext(
        { ...state, cancellation: { ...cancellation, pending: cancellation.pending.slice(1) } },
        now,
        settings,
      );
    }

    const lateIndex = state.late.findIndex(
      (late) => late.status === 'PENDING' && stepNamed(late.step).compensation!.completedBy === input.type,
    );
    if (lateIndex >= 0) {
      const late = state.late.map((entry, index) =>
        index === lateIndex ? { step: entry.step, status: 'DONE' as const, attempt: entry.attempt } : entry,
      );
      return transition({ ...state, late });
    }

    // Took effect after all (money taken after the saga gave up): undo it, once.
    const succeeded = steps.find(
      (step) =>
        step.success.on === input.type &&
        step.compensation &&
        !step.compensation.blind &&
        !cancellation.compensating.includes(step.name) &&
        !state.late.some((late) => late.step === step.name),
    );
    if (!succeeded) return transition(state);
    const data = succeeded.success.record ? succeeded.success.record(state.data, input) : state.data;
    return transition(
      {
        ...state,
        data,
        late: [
          ...state.late,
          {
            step: succeeded.name,
            status: 'PENDING',
            attempt: 1,
            deadlineAt: after(now, settings.compensationDeadlineMs),
          },
        ],
      },
      [succeeded.compensation!.command(data, cancellation.reason)],
    );
  }

  return (state, input, now, settings) => {
    if (state === undefined) {
      if (input.type !== definition.start.on) return { state, commands: [], deadline: null };
      const started: State = {
        status: '',
        data: definition.start.data(input),
        step: 0,
        stepStartedAt: now.toISOString(),
        late: [],
        failures: [],
      };
      return enterStep(started, 0, now, settings);
    }
    if (input.type === definition.deadlineInput) return onDeadline(state, now, settings);
    if (state.cancellation) return onReplyWhileCancelling(state, input, now, settings);
    if (hasEnded(state)) return transition(state);

    const step = steps[state.step]!;
    if (input.type === step.success.on) {
      const data = step.success.record ? step.success.record(state.data, input) : state.data;
      return enterStep({ ...state, data }, state.step + 1, now, settings);
    }
    const reason = step.failures[input.type as Input['type']];
    if (reason !== undefined) return turnBack(state, reason, false, now, settings);
    return transition(state);
  };
}
