import { equivalenceMatrix } from "../helpers/equivalence.js";

// dbft-2-5-4 (N = 5: two Byzantine nodes for f = 1), delivery none: both models, HiGHS and CBC,
// every preset. Horizons too short for a block, where the symmetry, view and ChangeView families still bind.
equivalenceMatrix(5, 4, [[]]);
