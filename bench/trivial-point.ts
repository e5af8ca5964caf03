/** A grid point that does no work: what remains of its time is the runner's overhead (bench/parallel.ts). */
export function trivialPoint(p: { id: number }): { id: number; square: number } {
  return { id: p.id, square: p.id * p.id };
}
