// The bulk load's phase profile (src/seed/bulk/load-phases.ts): wall time summed per phase, parts shown
// under their phase and not added twice, time between phases shown, and the ratio the goal measures.
import { describe, expect, it } from 'vitest';
import { formatPhaseProfile, IMPORTER, INDEX_BUILDS, LoadPhases } from '../../src/seed/bulk/load-phases.ts';

/** A clock that moves only when told: each phase's time is exactly what the test says. */
function fakeClock() {
  let now = 1_000;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

describe('LoadPhases', () => {
  it('sums the wall time per phase, in the order phases first ran, and shows the gaps between them', async () => {
    const { clock, advance } = fakeClock();
    const phases = new LoadPhases(clock);
    phases.start();
    phases.timeSync('generating', () => advance(300));
    advance(50); // between phases
    await phases.time(IMPORTER, async () => advance(1_000));
    phases.timeSync('generating', () => advance(200));
    phases.add('stored CSV lines', 120, 'generating');
    await phases.time(INDEX_BUILDS, async () => advance(1_500));
    const profile = phases.profile();
    expect(profile.phases).toEqual([
      { phase: 'generating', ms: 500 },
      { phase: IMPORTER, ms: 1_000 },
      { phase: 'stored CSV lines', ms: 120, of: 'generating' },
      { phase: INDEX_BUILDS, ms: 1_500 },
      { phase: 'between phases', ms: 50 },
    ]);
    expect(profile.totalMs).toBe(3_050);
    expect(profile.importerAndIndexesMs).toBe(2_500);
    expect(profile.ratio).toBeCloseTo(3_050 / 2_500, 10);
  });

  it('counts a failing step and passes its error on', async () => {
    const { clock, advance } = fakeClock();
    const phases = new LoadPhases(clock);
    await expect(
      phases.time(IMPORTER, async () => {
        advance(40);
        throw new Error('importer failed');
      }),
    ).rejects.toThrow('importer failed');
    expect(() =>
      phases.timeSync('rows', () => {
        advance(10);
        throw new Error('bad row');
      }),
    ).toThrow('bad row');
    expect(phases.profile()).toMatchObject({ phases: [{ phase: IMPORTER, ms: 40 }, { phase: 'rows', ms: 10 }], totalMs: 50 });
  });

  it('prints a table with the share of each phase, the time outside the importer and index builds, and the ratio', async () => {
    const { clock, advance } = fakeClock();
    const phases = new LoadPhases(clock);
    phases.timeSync('files', () => advance(2_000));
    await phases.time(IMPORTER, async () => advance(1_000));
    await phases.time(INDEX_BUILDS, async () => advance(1_000));
    const table = formatPhaseProfile(phases.profile());
    expect(table).toContain('| files | 2.0 | 50 % |');
    expect(table).toContain('| **whole load** | **4.0** | 100 % |');
    expect(table).toContain('| outside the importer and the index builds | 2.0 | 50 % |');
    expect(table).toContain('| whole ÷ (importer + index builds) | 2.00× | goal ≤ 1.5× |');
  });

  it('reports no ratio when neither the importer nor the index builds ran', () => {
    const { clock, advance } = fakeClock();
    const phases = new LoadPhases(clock);
    phases.timeSync('files', () => advance(10));
    expect(Number.isNaN(phases.profile().ratio)).toBe(true);
    expect(formatPhaseProfile(phases.profile())).toContain('| whole ÷ (importer + index builds) | — |');
  });
});
