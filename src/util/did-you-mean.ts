import { lazyRequire } from './lazy-require.js';

// Needed only for a typo or a levenshtein assertion.
const levenshtein = lazyRequire<typeof import('fastest-levenshtein')>('fastest-levenshtein');

/** The closest known word, when it is close enough to be a likely typo. */
export function closest(word: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lower = word.toLowerCase();
  for (const candidate of known) {
    const d = levenshtein().distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // A third of the word's length tolerates one or two slips without suggesting unrelated words.
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** ` Did you mean "x"?` or an empty string. */
export function didYouMean(word: string, known: Iterable<string>): string {
  const match = closest(word, known);
  return match ? ` Did you mean "${match}"?` : '';
}
