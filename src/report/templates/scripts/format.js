// Shared helpers of the report page. Every string from the records reaches the page through
// textContent (el below), never innerHTML: a model's output is text, whatever it contains.
(() => {
  globalThis.rightsizeReport ??= {};
  const rs = globalThis.rightsizeReport;

  rs.el = (tag, className, text) => {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };

  rs.clip = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

  // The figures below are src/report/format.ts's functions of the same names, written again for the
  // page: test/report/format.test.ts runs both on the same inputs and requires the same text.
  const DASH = '—';
  rs.DASH = DASH;
  const none = (x) => x === null || x === undefined;

  rs.formatInt = (n) => (none(n) ? DASH : (Math.round(n) || 0).toLocaleString('en-US'));

  rs.formatMs = (ms) => {
    if (none(ms)) return DASH;
    if (ms < 1) return `${+ms.toFixed(2)} ms`;
    if (ms < 999.5) return `${Math.round(ms)} ms`;
    if (ms < 9950) return `${(ms / 1000).toFixed(1)} s`;
    return `${Math.round(ms / 1000).toLocaleString('en-US')} s`;
  };

  rs.formatScore = (x) => (none(x) ? DASH : x.toFixed(3));

  rs.formatRate = (x) => (none(x) ? DASH : x >= 99.95 ? rs.formatInt(x) : x.toFixed(1));

  /** One word for an output's state: what the badges and the filters speak of. */
  rs.status = (o) => {
    if (o === null) return 'missing';
    if (o.x) return 'skipped';
    if (o.e) return 'error';
    if (o.ok === true) return 'pass';
    if (o.ok === false) return 'fail';
    return 'unscored';
  };

  rs.badge = (o) => {
    const s = rs.status(o);
    return rs.el('span', `badge badge-${s}`, s);
  };
})();
