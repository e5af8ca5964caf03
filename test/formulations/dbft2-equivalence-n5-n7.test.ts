import { equivalenceMatrix } from "../helpers/equivalence.js";

// N = 5 has two Byzantine nodes for f = 1 (2M − N = 1); N = 7 has M = 5. Horizons too short for a block,
// where the symmetry, view and ChangeView families still bind; with delivery guaranteed some of these
// models are infeasible, and must stay so. Each delivery property alone at N = 5: `make equivalence`.
equivalenceMatrix(5, 4, [[], [1, 2, 3, 4]]);
equivalenceMatrix(7, 3);
