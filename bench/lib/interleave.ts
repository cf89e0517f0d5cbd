// Interleaved "alone / under load" measurements: which slices run with the load. The two alternate, and
// so does which comes first in each round, so a drift in the shared machine's load falls on both alike.

/** `rounds` pairs of slices; true means the slice runs with the load. */
export function alternatingSlices(rounds: number): boolean[] {
  const slices: boolean[] = [];
  for (let round = 0; round < rounds; round++) slices.push(round % 2 === 1, round % 2 === 0);
  return slices;
}
