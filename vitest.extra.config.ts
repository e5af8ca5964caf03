import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

// `make equivalence`: each delivery property alone (test/long/*.extra.ts); too long for CI, run by hand.
export default defineConfig({ test: { ...base.test, include: ["test/long/**/*.extra.ts"] } });
