import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

// `make equivalence`: the long suites (tens of minutes), not part of `make test`.
export default defineConfig({ test: { ...base.test, include: ["test/long/**/*.long.ts"] } });
