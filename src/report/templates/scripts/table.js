// The case table: one page of rows at a time, so 10,000 cases cost no more than 50.
(() => {
  const rs = globalThis.rightsizeReport;
  const CLIP = 180;

  rs.renderHead = (tr, models, visible) => {
    tr.replaceChildren(rs.el('th', '', 'case'), rs.el('th', '', 'input'));
    for (const i of visible) {
      const th = rs.el('th', `model-${models[i].role}`, models[i].id);
      th.scope = 'col';
      th.append(rs.el('span', 'muted small', ` ${models[i].role}`));
      tr.append(th);
    }
  };

  function outputCell(o) {
    const td = rs.el('td', 'out');
    td.append(rs.badge(o));
    if (o) {
      const text = o.x ? `skipped: ${o.x}` : o.e ? o.e : (o.t ?? '');
      td.append(rs.el('div', 'text', rs.clip(text, CLIP)));
      // Why it failed, at a glance: the first failing assertion's reason (the detail view has them all).
      const failed = o.a.find((a) => a.ok === false);
      if (failed) td.append(rs.el('div', 'reason small', rs.clip(`${failed.type}: ${failed.why}`, 120)));
      const meta = [rs.formatMs(o.ms)];
      if (o.tin !== null || o.tout !== null)
        meta.push(`${rs.formatInt(o.tin)} → ${rs.formatInt(o.tout)} tokens`);
      if (o.sc !== null) meta.push(`score ${rs.formatScore(o.sc)}`);
      td.append(rs.el('div', 'muted small', meta.join(' · ')));
    }
    return td;
  }

  rs.renderRows = (tbody, cases, visible, onOpen) => {
    const rows = cases.map((c) => {
      const tr = rs.el('tr', 'case-row');
      tr.tabIndex = 0;
      const id = rs.el('td', 'case-id');
      id.append(rs.el('div', 'row-id', c.r), rs.el('div', 'muted small', `${c.p} · #${c.k + 1}`));
      for (const v of c.s) if (v) id.append(rs.el('span', 'chip', v));
      tr.append(id, rs.el('td', 'input', rs.clip(c.i, CLIP)));
      for (const i of visible) tr.append(outputCell(c.o[i]));
      tr.addEventListener('click', () => onOpen(c));
      tr.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter') onOpen(c);
      });
      return tr;
    });
    tbody.replaceChildren(...rows);
  };
})();
