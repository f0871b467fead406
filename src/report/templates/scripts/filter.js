// Which cases the table shows: pure functions of the data and the filter state.
(() => {
  const rs = globalThis.rightsizeReport;

  /** Lowercased text of a case for search, built on first search and kept on the case. */
  rs.haystack = (c) => {
    if (c.h === undefined) {
      const parts = [c.r, c.p, c.i, ...c.s];
      for (const o of c.o) {
        if (!o) continue;
        parts.push(o.t ?? '', o.e ?? '', o.x ?? '', o.why ?? '');
        for (const a of o.a) {
          parts.push(a.type, a.why);
          for (const j of a.judge?.orders ?? []) parts.push(j.why);
        }
      }
      Object.defineProperty(c, 'h', { value: parts.join('\n').toLowerCase(), enumerable: false });
    }
    return c.h;
  };

  /**
   * filter: { query, failures, disagree, errors, skipped, slice: [index, value] | null, model: index | -1 }.
   * Checked filters combine with AND; each looks at the chosen model, or at any model when none is chosen.
   */
  rs.caseMatches = (c, f, models) => {
    if (f.slice && c.s[f.slice[0]] !== f.slice[1]) return false;
    const focus = f.model >= 0 ? [f.model] : models.map((_, i) => i);
    const outs = focus.map((i) => c.o[i]).filter((o) => o);
    if (f.model >= 0 && outs.length === 0) return false;
    if (f.failures && !outs.some((o) => o.ok === false)) return false;
    if (f.errors && !outs.some((o) => o.e)) return false;
    if (f.skipped && !outs.some((o) => o.x)) return false;
    if (f.disagree && !rs.disagrees(c, focus, models)) return false;
    if (f.query && !rs.haystack(c).includes(f.query)) return false;
    return true;
  };

  /** A candidate passed where the baseline failed, or the other way round (both scored). */
  rs.disagrees = (c, focus, models) => {
    const b = models.findIndex((m) => m.role === 'baseline');
    const base = b >= 0 ? c.o[b] : null;
    if (!base || base.ok === null) return false;
    const candidates = focus.includes(b) && focus.length === 1 ? models.map((_, i) => i) : focus;
    return candidates.some((i) => {
      const o = c.o[i];
      return i !== b && models[i].role === 'candidate' && o && o.ok !== null && o.ok !== base.ok;
    });
  };

  rs.filterCases = (data, f) => data.cases.filter((c) => rs.caseMatches(c, f, data.models));
})();
