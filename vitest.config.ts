import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A guard against hangs, not a verdict: the slowest test needs a few minutes on a loaded 2-core
    // machine (make test-long), the slowest of `make test` well under one.
    testTimeout: 600_000,
    hookTimeout: 180_000,
    // Solvers are single-threaded: two test files at once use both cores of the CI machine.
    maxWorkers: 2,
  },
});
