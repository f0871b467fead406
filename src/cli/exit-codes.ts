/** Exit codes: a public contract (README, docs/ci.md). */
export const EXIT = {
  ok: 0,
  gateFailed: 1,
  invalidInput: 2,
  runIncomplete: 3,
  interrupted: 130,
} as const;
