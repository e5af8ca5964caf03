import { equivalenceMatrix } from "../helpers/equivalence.js";

// tmax = 5 is the smallest horizon with a block (request 2, responses 3, commits 4, relay 5), where the
// block cuts bind. Each delivery property alone, and N = 5 at tmax = 5: `make equivalence`.
equivalenceMatrix(4, 5, [[], [1, 2, 3, 4]]);
