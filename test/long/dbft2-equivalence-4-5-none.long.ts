import { equivalenceMatrix } from "../helpers/equivalence.js";

// dbft-2-4-5, delivery none: both models, HiGHS and CBC, every preset. These proofs certify the
// committed optima the fast suite uses (test/fixtures/optima/); `make fixtures` rewrites them from here.
equivalenceMatrix(4, 5, [[]]);
