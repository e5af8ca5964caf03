import { safetyHoldsWithinF } from "../helpers/search.js";

// The bounded safety searches at 100,000 runs each (`make test` runs 20,000).
safetyHoldsWithinF(100_000);
