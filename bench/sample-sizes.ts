// The paired cases a pass/fail suite needs before a candidate as good as its baseline earns `switch`
// at a 5% relative margin (95% confidence, 80% power): the compare stage's own samplesNeeded formula,
// for a few baseline pass rates and shares of cases where the two models disagree.
// Run: npx tsx bench/sample-sizes.ts
import { samplesNeeded } from '../src/compare/samples-needed.js';

const margin = 0.05;
console.log('| baseline pass rate | cases where they disagree | paired cases needed |');
console.log('|---|---|---|');
for (const pb of [0.9, 0.8]) {
  for (const disagree of [0.05, 0.1, 0.2]) {
    // Joint outcomes (probability, d = c − (1 − m)·b) of a candidate with the baseline's pass rate.
    const both = pb - disagree / 2;
    const outcomes: [number, number][] = [
      [both, margin],
      [disagree / 2, 1],
      [disagree / 2, -(1 - margin)],
      [1 - both - disagree, 0],
    ];
    const mean = outcomes.reduce((s, [p, d]) => s + p * d, 0);
    const sd = Math.sqrt(outcomes.reduce((s, [p, d]) => s + p * (d - mean) ** 2, 0));
    console.log(`| ${pb * 100}% | ${disagree * 100}% | ${samplesNeeded(mean, sd, 2, 0.95)} |`);
  }
}
