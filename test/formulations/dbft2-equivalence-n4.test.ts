import { equivalenceMatrix } from "../helpers/equivalence.js";

// tmax = 5 is the smallest horizon with a block (request 2, responses 3, commits 4, relay 5), where the
// block cuts bind.
equivalenceMatrix(4, 5);
