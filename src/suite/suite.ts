import type { ChatMessage } from '../schema/chat-message.js';
import type { DecideSettings } from '../schema/decide.js';
import type { EscalationPolicy } from '../schema/escalation.js';
import type { GateConfig } from '../schema/gate.js';
import type { Margin } from '../schema/margin.js';
import type { ModelConfig } from '../schema/model-config.js';
import type { AssertionConfig } from '../schema/suite-schema.js';

/** Where a thing was written, for error messages. */
export interface SourceRef {
  file: string;
  line?: number;
}

/** One dataset row (one promptfoo test case). */
export interface Row {
  /** Stable id: the `id` column (promptfoo: `vars.id`), else a hash of the row's content. */
  id: string;
  vars: Record<string, unknown>;
  /** Per-row assertions: a test case's `assert`, or CSV `__expected` columns. */
  assert: AssertionConfig[];
  description?: string;
  /** promptfoo test `options` (transform, provider, prefix/suffix ...). */
  options?: Record<string, unknown>;
  threshold?: number;
  metadata?: Record<string, unknown>;
  source: SourceRef;
}

export type TemplateEngine = 'handlebars' | 'nunjucks';

export interface Prompt {
  /** Stable id: given, else the label (promptfoo), else a hash of the template. */
  id: string;
  label: string;
  engine: TemplateEngine;
  /** A text template (sent as one user message) or chat messages whose contents are templates. */
  template: { kind: 'text'; text: string } | { kind: 'chat'; messages: ChatMessage[] };
  source: SourceRef;
}

export interface ClassificationMetric {
  type: 'classification';
  name: string;
  label: string;
  prediction?: string;
}

/** A loaded, validated suite: what every later stage reads, whichever layout it was written in. */
export interface Suite {
  name: string;
  description?: string;
  /** Absolute path of the suite file, and its folder (base of relative paths). */
  file: string;
  dir: string;
  layout: 'rightsize' | 'promptfoo';
  dataset: { file?: string; columns: string[] };
  rows: Row[];
  prompts: Prompt[];
  /** Baseline first, then candidates. */
  models: ModelConfig[];
  /**
   * Escalation policies per candidate label: the candidate's own `escalate:`, else the suite-wide one
   * (resolved by src/suite/escalation-policies.ts). Candidates without policies, and the baseline,
   * are absent. Policy ids are unique within each candidate's list; a candidate with a
   * `from: logprobs` policy has `options.logprobs` set.
   */
  escalation: ReadonlyMap<string, readonly EscalationPolicy[]>;
  /** The judge model, or null when the baseline judges. */
  judge: ModelConfig | null;
  assert: AssertionConfig[];
  /** promptfoo's `defaultTest.options` (transform, provider ...). */
  defaultOptions?: Record<string, unknown>;
  metrics: ClassificationMetric[];
  margin: Margin;
  confidence: number;
  slices: string[];
  gate: GateConfig;
  /** The serving latency target of `rightsize load` (the suite's `slo:`), when it gives one. */
  slo?: { latencyP95Ms?: number; ttftP95Ms?: number };
  repeat: number;
  concurrency?: number;
  timeoutMs?: number;
  maxErrorRate: number;
  requestsPerDay: number;
  /** `traffic.peakFactor` and `traffic.peakRequestsPerSecond`, for sizing servers (absent: not given). */
  peakFactor?: number;
  peakRequestsPerSecond?: number;
  seed: number;
  /** How the verdict is reached: `decide:` with its defaults (fixed-sample unless it says sequential). */
  decide: DecideSettings;
  /** Things a person should know that do not stop the suite (promptfoo leniencies, ignored keys). */
  warnings: string[];
}
