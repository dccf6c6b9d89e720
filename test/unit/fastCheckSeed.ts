// Every fast-check property in the unit stage runs from the run's seed (FAULT_SEED, else the fixed default), so
// `npm test` is reproducible and a failing property can be replayed with `FAULT_SEED=<n> npm run test:unit`.
// A property that passes its own `seed` keeps it. Loaded by test/unit/.mocharc.json before the test files.
import * as fc from 'fast-check';
import { faultSeed } from './faults/scenarios';

const seed = faultSeed();
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
console.log(`fast-check: seed ${seed} for every property without its own (replay with FAULT_SEED=${seed})`);
