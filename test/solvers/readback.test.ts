import { readBack } from "../helpers/readback.js";

// dbft-2-7-5, where HiGHS reading the LP file takes a minute, is in `make test-long` (readback.long.ts).
readBack(4, 5);
