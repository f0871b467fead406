/** Exit codes: a public contract (DESIGN.md). */
export const EXIT = {
  ok: 0,
  gateFailed: 1,
  invalidInput: 2,
  runIncomplete: 3,
  interrupted: 130,
} as const;
