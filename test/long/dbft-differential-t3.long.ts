import { tmax3Matrix } from "../helpers/dbft-matrix.js";

// dbft-2-4-3 without delivery guarantees, every backend (`make test` runs the options with guarantees).
tmax3Matrix([[]]);
