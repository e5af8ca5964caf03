/** The upstream simulator's default run (ripple/simulator at 05329f4, g++ 12.2 -O2), as it prints its progress. */
export const GOLDEN_PROGRESS = [
  "Time: 100 ms  500/500",
  "Time: 200 ms  500/500",
  "Time: 300 ms  454/546",
  "Time: 400 ms  381/619",
  "Time: 500 ms  391/609",
  "Time: 600 ms  257/743",
] as const;
