import { equivalenceMatrix } from "../helpers/equivalence.js";

// Every delivery option at dbft-2-4-5 (make test runs none and all four; this adds each one alone).
equivalenceMatrix(4, 5);
