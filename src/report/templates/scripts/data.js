// Reads the embedded case data and undoes src/report/pack-case-data.ts: strings written once and
// referred to by index come back, and left-out fields come back as null.
(() => {
  const rs = globalThis.rightsizeReport;
  const OUTPUT_FIELDS = ['t', 'e', 'x', 'ok', 'sc', 'why', 'ms', 'ttft', 'tin', 'tout', 'tps'];

  rs.loadData = (element) => {
    const data = JSON.parse(element.textContent);
    const strings = data.strings;
    const str = (v) => (typeof v === 'number' ? strings[v] : v);
    for (const c of data.cases) {
      for (const o of c.o) {
        if (!o) continue;
        for (const k of OUTPUT_FIELDS) o[k] ??= null;
        // Only text fields hold string references; the figures are numbers of their own.
        o.t = str(o.t);
        o.e = str(o.e);
        o.why = str(o.why);
        o.a = (o.a ?? []).map((a) => ({
          type: str(a.type),
          ok: a.ok ?? null,
          sc: a.sc ?? null,
          why: str(a.why),
          judge: a.judge,
        }));
      }
    }
    return data;
  };
})();
