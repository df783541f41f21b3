import type { RealtimeState, RegistrationView, SeatView } from './realtime-state';

/** Recomputes only when the input (compared by reference) changed since the last call. */
function memoizeOn<I, O>(
  input: (state: RealtimeState) => I,
  compute: (value: I) => O,
): (state: RealtimeState) => O {
  let last: { input: I; output: O } | undefined;
  return (state) => {
    const value = input(state);
    if (last === undefined || !Object.is(last.input, value)) last = { input: value, output: compute(value) };
    return last.output;
  };
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Every module's seats, sorted by module id; the same array until a seat view changes. */
export const selectModules: (state: RealtimeState) => readonly SeatView[] = memoizeOn(
  (state) => state.seats.byId,
  (byId) => Object.values(byId).sort((a, b) => byText(a.moduleId, b.moduleId)),
);

/** One module's seats, or undefined until its snapshot or first event arrived. */
export function selectModule(moduleId: string): (state: RealtimeState) => SeatView | undefined {
  return (state) => state.seats.byId[moduleId];
}

/**
 * The signed-in student's registrations (the only ones `registrations:me` delivers), sorted by
 * module then registration id; the same array until one changes.
 */
export const selectMyRegistrations: (state: RealtimeState) => readonly RegistrationView[] = memoizeOn(
  (state) => state.registrations.byId,
  (byId) =>
    Object.values(byId).sort(
      (a, b) => byText(a.moduleId, b.moduleId) || byText(a.registrationId, b.registrationId),
    ),
);
