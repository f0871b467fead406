import type { LoadRecord } from '../schema/load-record.js';
import type { Summary } from '../schema/summary.js';
import { type CapacityChart, capacityChart } from './charts/capacity-chart.js';
import { formatInt, formatMs, formatNumber, formatPercent } from './format.js';
import { sizingSentence, targetText } from './sizing-sentence.js';

export interface CapacityLevelRow {
  concurrency: string;
  requestsPerSecond: string;
  latencyP50: string;
  latencyP95: string;
  ttftP95: string;
  errors: string;
  chosen: boolean;
}

/** One model's section of the report's capacity view: its sweep, chart and sizing sentence. */
export interface CapacityView {
  id: string;
  target: string;
  sentence: string | null;
  stoppedBy: string;
  chart: CapacityChart | null;
  levels: CapacityLevelRow[];
}

const STOPPED: Record<LoadRecord['models'][number]['stoppedBy'], string> = {
  levels: 'the sweep ran every level it was given',
  flat: 'the sweep stopped when throughput rose less than 5%',
  slo: 'the sweep stopped when a level missed the latency target',
  errors: 'the sweep stopped on errors',
  interrupted: 'the sweep was interrupted',
};

/** The capacity section: one view per model load.json sweeps; empty without load.json. */
export function capacityViews(summary: Summary, load: LoadRecord | null | undefined): CapacityView[] {
  if (!load) return [];
  const target = targetText(load.slo);
  return load.models.map((m) => {
    const model = summary.models.find((s) => s.id === m.id);
    const chosen = m.capacity?.concurrency ?? null;
    return {
      id: m.id,
      target: target || 'no latency target',
      sentence: model ? sizingSentence(model) : null,
      stoppedBy: STOPPED[m.stoppedBy],
      chart: capacityChart(m.levels, load.slo, m.capacity),
      levels: [...m.levels]
        .sort((a, b) => a.concurrency - b.concurrency)
        .map((l) => ({
          concurrency: formatInt(l.concurrency),
          requestsPerSecond: l.requestsPerSecond === null ? '—' : formatNumber(l.requestsPerSecond, 3),
          latencyP50: formatMs(l.latencyMs.p50),
          latencyP95: formatMs(l.latencyMs.p95),
          ttftP95: formatMs(l.ttftMs.p95),
          errors: formatPercent(l.errorShare),
          chosen: l.concurrency === chosen,
        })),
    };
  });
}
