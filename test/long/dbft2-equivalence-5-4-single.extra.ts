import { equivalenceMatrix } from "../helpers/equivalence.js";

// `make equivalence` (not in CI: tens of minutes): each delivery property alone at dbft-2-5-4;
// `make test-long` runs none and all four.
equivalenceMatrix(5, 4, [[1], [2], [3], [4]]);
