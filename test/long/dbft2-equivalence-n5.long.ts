import { equivalenceMatrix } from "../helpers/equivalence.js";

// dbft-2-5-4, every delivery option (make test runs none and all four).
equivalenceMatrix(5, 4);
