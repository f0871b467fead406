import type { CaseAssertionView, CaseData, CaseOutput } from './case-data.js';

/**
 * The case data as embedded in the page, smaller: null fields and empty lists are left out, figures
 * are rounded to what the page shows, and any longer string used more than once (scorer reasons such
 * as "Output equals the expected route", error messages, assertion types) is written once in
 * `strings` and referred to by its index. templates/scripts/data.js unpacks it back into CaseData.
 */
export interface PackedCaseData {
  models: CaseData['models'];
  slices: string[];
  strings: string[];
  cases: {
    r: string;
    p: string;
    k: number;
    s: string[];
    i: string;
    o: (Record<string, unknown> | null)[];
  }[];
}

/** Shorter strings cost less written out than as an index plus a table entry. */
const MIN_INTERNED_LENGTH = 8;
/** Long texts (answers) rarely repeat; hashing them all would cost more time than it saves bytes. */
const MAX_INTERNED_LENGTH = 2000;

function round(x: number | null, digits: number): number | null {
  if (x === null) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function packCaseData(data: CaseData): PackedCaseData {
  const counts = new Map<string, number>();
  const count = (s: string | null | undefined) => {
    if (s && s.length >= MIN_INTERNED_LENGTH && s.length <= MAX_INTERNED_LENGTH) {
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
  };
  for (const c of data.cases) {
    for (const o of c.o) {
      if (!o) continue;
      count(o.t);
      count(o.e);
      count(o.why);
      for (const a of o.a) {
        count(a.type);
        count(a.why);
      }
    }
  }
  const strings: string[] = [];
  const index = new Map<string, number>();
  for (const [s, n] of counts) {
    if (n > 1) {
      index.set(s, strings.length);
      strings.push(s);
    }
  }
  const ref = (s: string) => index.get(s) ?? s;

  const packAssertion = (a: CaseAssertionView): Record<string, unknown> => {
    const p: Record<string, unknown> = { type: ref(a.type), why: ref(a.why) };
    if (a.ok !== null) p.ok = a.ok;
    if (a.sc !== null) p.sc = round(a.sc, 4);
    if (a.judge) p.judge = a.judge;
    return p;
  };
  const packOutput = (o: CaseOutput): Record<string, unknown> => {
    const p: Record<string, unknown> = {};
    if (o.t !== null) p.t = ref(o.t);
    if (o.e !== null) p.e = ref(o.e);
    if (o.x !== null) p.x = o.x;
    if (o.ok !== null) p.ok = o.ok;
    if (o.sc !== null) p.sc = round(o.sc, 4);
    if (o.why !== null) p.why = ref(o.why);
    if (o.ms !== null) p.ms = round(o.ms, 0);
    if (o.ttft !== null) p.ttft = round(o.ttft, 0);
    if (o.tin !== null) p.tin = o.tin;
    if (o.tout !== null) p.tout = o.tout;
    if (o.tps !== null) p.tps = round(o.tps, 1);
    if (o.a.length) p.a = o.a.map(packAssertion);
    return p;
  };
  return {
    models: data.models,
    slices: data.slices,
    strings,
    cases: data.cases.map((c) => ({
      r: c.r,
      p: c.p,
      k: c.k,
      s: c.s,
      i: c.i,
      o: c.o.map((o) => o && packOutput(o)),
    })),
  };
}
