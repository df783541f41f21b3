import type { Options } from 'k6/options';
import { options as surgeOptions, setup as surgeSetup, surge } from './registration-surge.ts';
import { options as watchOptions, setup as watchSetup, watch } from './websocket-watchers.ts';

// Peak day as it is: students watching the seat counts while others register.
export const options: Options = {
  scenarios: {
    ...watchOptions.scenarios,
    ...surgeOptions.scenarios,
  },
  thresholds: { ...watchOptions.thresholds, ...surgeOptions.thresholds },
};

export function setup() {
  return { ...surgeSetup(), ...watchSetup() };
}

export { surge, watch };
