import { tmax4Matrix } from "../helpers/dbft-matrix.js";

// Split in two files so that the two halves run on both cores.
tmax4Matrix([[3, 4], [1, 2, 3, 4]]);
