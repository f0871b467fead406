import type { Summary } from '../schema/summary.js';
import { formatConfidence, formatInt, formatMargin } from './format.js';
import { sequentialRunText } from './sequential-text.js';

/** Something that changes how every figure of a run is read; each output shows these first. */
export interface RunCaveat {
  kind: 'incomplete' | 'overrides' | 'queueing' | 'sequential';
  /** A few words, shown in bold before the text. */
  title: string;
  text: string;
}

/**
 * The caveats of a summary, in one wording for the CLI, summary.md and report.html: a run that stopped
 * short, settings that differ from the suite's (a compare at a looser margin is not the suite's
 * verdict), and latency measured while the server queued the run's own calls.
 */
export function runCaveats(summary: Summary): RunCaveat[] {
  const out: RunCaveat[] = [];
  if (summary.complete === false) {
    out.push({
      kind: 'incomplete',
      title: 'Incomplete run',
      text: `Every figure covers only what was recorded, and the gate does not pass. Missing: ${(summary.incomplete ?? []).join('; ')}.`,
    });
  }
  const changed = Object.entries(summary.overrides ?? {});
  if (changed.length) {
    const list = changed.map(
      ([key, { suite, used }]) =>
        `${key} ${settingText(key, used)} (the suite's: ${settingText(key, suite)})`,
    );
    out.push({
      kind: 'overrides',
      title: 'Settings overridden',
      text: `Settings differ from the suite's, so this is not the suite's own verdict: ${list.join('; ')}.`,
    });
  }
  const sequential = sequentialRunText(summary);
  if (sequential) out.push({ kind: 'sequential', title: 'Sequential decision', text: sentence(sequential) });
  for (const m of summary.models) {
    if (!m.queueing) continue;
    out.push({
      kind: 'queueing',
      title: 'Latency includes queueing',
      text: `${m.id}: time to first token grew with the calls in flight (up to ${formatInt(m.inFlight?.max ?? null)} at once), so its latency and TTFT figures include the wait behind the run's own calls, not a lone request's.`,
    });
  }
  return out;
}

function settingText(key: string, value: unknown): string {
  if (value === null || value === undefined) return 'not set';
  if (key === 'margin') return formatMargin(value as Summary['margin']);
  if (key === 'confidence' && typeof value === 'number') return formatConfidence(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
