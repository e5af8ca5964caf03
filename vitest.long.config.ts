import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

// `make test-long`: the heavy solver-bound suites (about half an hour), run by CI after `make test`.
export default defineConfig({ test: { ...base.test, include: ["test/long/**/*.long.ts"] } });
