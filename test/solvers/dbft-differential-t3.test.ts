import { tmax3Matrix } from "../helpers/dbft-matrix.js";

// Every backend proves every preset at dbft-2-4-3: with two and with all four delivery guarantees here;
// with guarantee 4 alone, without any (the slowest for GLPK, about a minute) and the tmax-4 matrix in
// `make test-long`.
tmax3Matrix([[3, 4], [1, 2, 3, 4]]);
