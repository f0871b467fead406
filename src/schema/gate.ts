import { z } from 'zod';

/**
 * One deployment of a candidate that `requireSwitch` may name (compare/evaluate-gate.ts): `all` (the
 * candidate alone), `slices` (routing by slice), `cascade` (any of its escalation policies) or one
 * escalation policy's id. The flag writes it `candidate:deployment`.
 */
export const deploymentRequirementSchema = z.strictObject({
  candidate: z.string().min(1).describe("The candidate's id."),
  deployment: z
    .string()
    .min(1)
    .describe('`all`, `slices`, `cascade` (any escalation policy), or an escalation policy id.'),
});
export type DeploymentRequirement = z.infer<typeof deploymentRequirementSchema>;

/**
 * The CI gate: what makes a completed run exit 1. One definition for the suite's `gate:` key, the
 * flags that override it, and run.json, which records both (`compare/evaluate-gate.ts` checks it).
 */
export const gateSchema = z
  .strictObject({
    requireSwitch: z
      .union(
        [
          z.literal('any'),
          z.literal('all'),
          z.string(),
          deploymentRequirementSchema,
          z.array(z.union([z.string(), deploymentRequirementSchema])),
        ],
        {
          // Said in words: zod would name only the first literal ("expected one of "any"").
          error:
            "expected `any`, `all`, a candidate's id, { candidate, deployment }, or a list of candidate ids and deployments",
        },
      )
      .optional()
      .describe(
        'Fail unless this candidate (or any/all, or a named deployment of one) gets the `switch` verdict.',
      ),
    minPassRate: z
      .union([z.number().min(0).max(1), z.record(z.string(), z.number().min(0).max(1))])
      .optional()
      .describe('Minimum pass rate for every model, or per model label.'),
    maxLatencyP95Ms: z.number().positive().optional().describe('Maximum p95 latency of any candidate.'),
    maxCostPer1k: z.number().min(0).optional().describe('Maximum cost per 1,000 requests of any candidate.'),
  })
  .describe('What makes CI fail (exit code 1).');
export type GateConfig = z.infer<typeof gateSchema>;
