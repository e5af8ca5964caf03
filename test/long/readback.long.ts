import { readBack } from "../helpers/readback.js";

// The larger model of the read-back tests (dbft-2-4-5 is in `make test`).
readBack(7, 5);
