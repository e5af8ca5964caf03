import { cutValidityOnSolutions } from "../helpers/cut-validity.js";

// More random objectives at N = 4 and N = 5 than `make test` solves (dbft2-cuts.test.ts).
cutValidityOnSolutions([
  [4, 5, 8],
  [5, 5, 6],
]);
