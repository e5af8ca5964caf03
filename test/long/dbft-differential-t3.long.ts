import { tmax3Matrix } from "../helpers/dbft-matrix.js";

// dbft-2-4-3 without delivery guarantees and with guarantee 4 alone, every backend (`make test` runs
// the others).
tmax3Matrix([[], [4]]);
