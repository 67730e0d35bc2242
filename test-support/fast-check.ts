// Property tests' seed (a vitest setup file). With CI set it is fixed, so that a failure there
// replays exactly; elsewhere it is random, so runs over time try more cases, unless FC_SEED names
// one. Either way a failure prints its seed and path: FC_SEED=<seed> reruns it.
import fc from 'fast-check';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20_261_203 : undefined;
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
