import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Solver runs of the paper's instances take tens of seconds each on a 2-core machine.
    testTimeout: 600_000,
    hookTimeout: 180_000,
    // Solvers are single-threaded: two test files at once use both cores of the CI machine.
    maxWorkers: 2,
  },
});
