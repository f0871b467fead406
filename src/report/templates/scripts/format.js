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

  rs.formatMs = (ms) => {
    if (ms === null || ms === undefined) return '—';
    if (ms < 1000) return `${Math.round(ms)} ms`;
    if (ms < 10000) return `${(ms / 1000).toFixed(1)} s`;
    return `${Math.round(ms / 1000)} s`;
  };

  rs.formatInt = (n) => (n === null || n === undefined ? '—' : Math.round(n).toLocaleString('en-US'));

  rs.formatScore = (x) => (x === null || x === undefined ? '—' : x.toFixed(3));

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
