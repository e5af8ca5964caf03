import { tmax3Matrix } from "../helpers/dbft-matrix.js";

// Every backend proves every preset at dbft-2-4-3: with delivery guarantees here; without any (the
// slowest for GLPK, about a minute) and the tmax-4 matrix in `make test-long`.
tmax3Matrix([[4], [3, 4], [1, 2, 3, 4]]);
