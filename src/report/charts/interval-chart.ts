import type { Verdict } from '../../schema/summary.js';
import { formatConfidence, formatDifference, formatSigned } from '../format.js';
import { linearScale, px } from './scale.js';

/** Geometry of a verdict card's interval drawing; the markup is templates/partials/interval-svg.hbs. */
export interface IntervalChart {
  width: number;
  height: number;
  axisY: number;
  axisX1: number;
  axisX2: number;
  zeroX: number;
  /** The side of the margin where the candidate is non-inferior (right of 0). */
  okZone: { x: number; width: number };
  /** Where to write "within margin", when the zone is wide enough to hold it. */
  zoneLabelX: number | null;
  lo: { x: number; label: string; anchor: 'start' | 'middle' | 'end' };
  hi: { x: number; label: string; anchor: 'start' | 'middle' | 'end' };
  point: { x: number; label: string } | null;
  verdict: Verdict;
  description: string;
}

const WIDTH = 340;
const HEIGHT = 70;
const PAD = 18;

/**
 * The non-inferiority statistic mean(d) and its interval against 0, which is where the margin sits
 * once d has the margin built in (docs/verdict.md): right of 0 is "within the margin".
 */
export function intervalChart(
  meanD: number | null,
  ci: readonly [number, number],
  verdict: Verdict,
  confidence: number,
): IntervalChart {
  const values = [0, ci[0], ci[1], ...(meanD === null ? [] : [meanD])];
  let min = Math.min(...values);
  let max = Math.max(...values);
  const span = max - min || 0.1;
  min -= span * 0.15;
  max += span * 0.15;
  const x = linearScale(min, max, PAD, WIDTH - PAD);
  const zeroX = px(x(0));
  const loX = px(x(ci[0]));
  const hiX = px(x(ci[1]));
  // Labels at the interval's ends; when the ends are close, push them apart rather than overlap.
  const close = hiX - loX < 70;
  const pct = formatConfidence(confidence);
  return {
    width: WIDTH,
    height: HEIGHT,
    axisY: 34,
    axisX1: PAD,
    axisX2: WIDTH - PAD,
    zeroX,
    okZone: { x: zeroX, width: px(WIDTH - PAD - zeroX) },
    zoneLabelX: WIDTH - PAD - zeroX >= 110 ? WIDTH - PAD - 4 : null,
    lo: { x: loX, label: formatSigned(ci[0]), anchor: close ? 'end' : 'middle' },
    hi: { x: hiX, label: formatSigned(ci[1]), anchor: close ? 'start' : 'middle' },
    point: meanD === null ? null : { x: px(x(meanD)), label: formatSigned(meanD) },
    verdict,
    description: `mean(d) ${formatDifference(meanD, ci)} (${pct} interval); the margin is at 0`,
  };
}
