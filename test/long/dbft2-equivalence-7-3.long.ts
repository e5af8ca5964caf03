import { equivalenceMatrix } from "../helpers/equivalence.js";

// N = 7 has M = 5. Horizons too short for a block, where the symmetry, view and ChangeView families still
// bind; with delivery guaranteed some of these models are infeasible, and must stay so. N = 5 (two
// Byzantine nodes for f = 1) is in dbft2-equivalence-n5.long.ts.
equivalenceMatrix(7, 3);
