import { equivalenceMatrix } from "../helpers/equivalence.js";

// N = 5 has two Byzantine nodes for f = 1 (2M − N = 1, up to three blocks); N = 7 has M = 5.
equivalenceMatrix(5, 5);
equivalenceMatrix(7, 3);
