import { z } from 'zod';

/** Cases per look of a sequential run when the suite does not say (docs/verdict.md, Sequential stopping). */
export const DEFAULT_SEQUENTIAL_BATCH = 50;

/**
 * How the verdict is reached (the suite's `decide:`): `fixed` (the default) calls every case and judges
 * them once; `sequential` takes the cases in a seeded random order, `batch` at a time, and after each
 * batch stops calling a candidate whose confidence sequence has settled `switch` or `keep`.
 */
export const decideSchema = z
  .strictObject({
    mode: z
      .enum(['fixed', 'sequential'])
      .optional()
      .describe(
        'fixed (default): every case, one verdict; sequential: stop each candidate once it is settled.',
      ),
    batch: z
      .int()
      .min(1)
      .optional()
      .describe(`Sequential: cases called between two looks (default ${DEFAULT_SEQUENTIAL_BATCH}).`),
    maxCases: z
      .int()
      .min(1)
      .optional()
      .describe('Sequential: at most this many cases (a row under a prompt) are called (default: all).'),
  })
  .describe('How the verdict is reached: fixed-sample (default) or sequential stopping.');
export type DecideConfig = z.infer<typeof decideSchema>;

/** The suite's `decide:` with its defaults filled in, as every stage after loading holds it. */
export interface DecideSettings {
  mode: 'fixed' | 'sequential';
  batch: number;
  /** null: every case the dataset has. */
  maxCases: number | null;
}

export const DEFAULT_DECIDE: DecideSettings = {
  mode: 'fixed',
  batch: DEFAULT_SEQUENTIAL_BATCH,
  maxCases: null,
};

/** `decide:` as written, over the defaults. */
export function decideSettings(config: DecideConfig | undefined): DecideSettings {
  return {
    mode: config?.mode ?? DEFAULT_DECIDE.mode,
    batch: config?.batch ?? DEFAULT_DECIDE.batch,
    maxCases: config?.maxCases ?? DEFAULT_DECIDE.maxCases,
  };
}

/**
 * run.json's record of a sequential run: the settings, and the end of each round (`casesAvailable`:
 * the cases the dataset offered, capped by maxCases, each time `run` was started or continued on it).
 * The end of a round is a look, as every full batch is: compare replays the looks from the records.
 */
export const runDecideSchema = z.object({
  mode: z.literal('sequential'),
  batch: z.int().min(1),
  maxCases: z.int().min(1).nullable(),
  /** Calls per case and model (the suite's `repeat`): a case is used once all of them are recorded. */
  repeat: z.int().min(1),
  rounds: z.array(z.object({ casesAvailable: z.int().min(0) })).min(1),
});
export type RunDecide = z.infer<typeof runDecideSchema>;
