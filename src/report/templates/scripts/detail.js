// The detail view of one case: every model's full output, assertions, judge reasons and figures.
(() => {
  const rs = globalThis.rightsizeReport;

  function figures(o) {
    const parts = [
      `latency ${rs.formatMs(o.ms)}`,
      `TTFT ${rs.formatMs(o.ttft)}`,
      `tokens in ${rs.formatInt(o.tin)}, out ${rs.formatInt(o.tout)}`,
      `tokens/s ${rs.formatRate(o.tps)}`,
      `score ${rs.formatScore(o.sc)}`,
    ];
    return rs.el('p', 'muted small', parts.join(' · '));
  }

  function assertionItem(a) {
    const li = rs.el('li', 'assertion');
    const head = rs.el('div');
    const state = a.ok === true ? 'pass' : a.ok === false ? 'fail' : 'unscored';
    head.append(rs.el('span', `badge badge-${state}`, state), rs.el('code', '', a.type));
    if (a.sc !== null) head.append(rs.el('span', 'muted small', ` score ${rs.formatScore(a.sc)}`));
    li.append(head, rs.el('div', 'reason', a.why));
    if (a.judge) {
      li.append(rs.el('div', 'muted small', `judged by ${a.judge.model}`));
      if (a.judge.orders) {
        const ol = rs.el('ul', 'orders');
        for (const j of a.judge.orders) {
          const item = rs.el('li');
          item.append(
            rs.el('strong', '', `${j.order}: `),
            rs.el('span', '', `winner ${j.winner ?? 'none'}. `),
            rs.el('span', 'reason', j.why),
          );
          ol.append(item);
        }
        li.append(ol);
      }
      if (a.judge.inconsistent) {
        li.append(rs.el('div', 'warn small', 'The judge changed its verdict with the order of the answers.'));
      }
    }
    return li;
  }

  function modelSection(model, o) {
    const sec = rs.el('section', `detail-model model-${model.role}`);
    const h = rs.el('h4', '', `${model.id} `);
    h.append(rs.el('span', 'muted small', model.role), rs.el('span', '', ' '), rs.badge(o));
    sec.append(h);
    if (!o) {
      sec.append(rs.el('p', 'muted', 'No call recorded for this model.'));
      return sec;
    }
    if (o.x) sec.append(rs.el('p', 'warn', `Skipped: ${o.x}`));
    if (o.e) sec.append(rs.el('p', 'error-text', o.e));
    if (o.t !== null) sec.append(rs.el('pre', 'output', o.t));
    sec.append(figures(o));
    if (o.why) sec.append(rs.el('p', 'reason', o.why));
    if (o.a.length) {
      const ul = rs.el('ul', 'assertions');
      for (const a of o.a) ul.append(assertionItem(a));
      sec.append(ul);
    }
    return sec;
  }

  rs.showDetail = (dialog, c, data) => {
    dialog.querySelector('#detail-title').textContent = `${c.r} · ${c.p} · repeat ${c.k + 1}`;
    const body = dialog.querySelector('#detail-body');
    const parts = [];
    const sliceText = data.slices.map((s, i) => `${s} = ${c.s[i] || rs.DASH}`).join(', ');
    if (sliceText) parts.push(rs.el('p', 'muted', sliceText));
    parts.push(rs.el('h4', '', 'Input'), rs.el('pre', 'input-full', c.i));
    const grid = rs.el('div', 'detail-grid');
    data.models.forEach((m, i) => {
      grid.append(modelSection(m, c.o[i]));
    });
    parts.push(grid);
    body.replaceChildren(...parts);
    if (!dialog.open) dialog.showModal();
  };
})();
