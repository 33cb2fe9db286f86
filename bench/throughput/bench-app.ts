// The application the throughput benchmark runs: one 10-step workflow whose steps do nothing (SPEC §8).
import { defineOrchestrator, done, init, step, steps, workflow } from '@wfo/core';

const noops = Array.from({ length: 8 }, (_, i) => step(`No-op ${i + 1}`, () => undefined));

export const benchNoop = workflow(
  { key: 'bench_noop', description: 'Ten steps that do nothing' },
  steps(init, ...noops, done),
);

// eslint-disable-next-line no-restricted-syntax -- the CLI loads the application from the module's default export
export default defineOrchestrator({ workflows: [benchNoop] });
