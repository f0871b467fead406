// Wires the case table: reads the embedded data once, then filters, searches and pages it.
(() => {
  const rs = globalThis.rightsizeReport;
  const $ = (id) => document.getElementById(id);
  const data = rs.loadData($('case-data'));
  const PAGE = 50;
  const state = {
    page: 0,
    rows: data.cases,
    filter: {
      query: '',
      failures: false,
      disagree: false,
      errors: false,
      skipped: false,
      slice: null,
      model: -1,
    },
  };

  // The selects are filled from the data, as text: slice values and model names are user strings.
  const sliceValues = data.slices.map((_, i) =>
    [...new Set(data.cases.map((c) => c.s[i]).filter((v) => v))].sort(),
  );
  data.slices.forEach((name, i) => {
    for (const v of sliceValues[i]) {
      const opt = rs.el('option', '', `${name} = ${v}`);
      opt.value = JSON.stringify([i, v]);
      $('f-slice').append(opt);
    }
  });
  data.models.forEach((m, i) => {
    const opt = rs.el('option', '', `${m.id} (${m.role})`);
    opt.value = String(i);
    $('f-model').append(opt);
  });

  function visibleModels() {
    const f = state.filter.model;
    if (f < 0) return data.models.map((_, i) => i);
    const b = data.models.findIndex((m) => m.role === 'baseline');
    return b >= 0 && b !== f ? [b, f] : [f];
  }

  function render() {
    const pages = Math.max(1, Math.ceil(state.rows.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    const start = state.page * PAGE;
    const slice = state.rows.slice(start, start + PAGE);
    const visible = visibleModels();
    rs.renderHead($('case-head'), data.models, visible);
    rs.renderRows($('case-body'), slice, visible, (c) => rs.showDetail($('case-detail'), c, data));
    const total = rs.formatInt(data.cases.length);
    $('case-status').textContent =
      state.rows.length === 0
        ? `No case matches these filters (${total} in all).`
        : `Showing ${rs.formatInt(start + 1)}–${rs.formatInt(start + slice.length)} of ${rs.formatInt(state.rows.length)} matching cases (${total} in all).`;
    $('page-info').textContent = `page ${state.page + 1} of ${pages}`;
    $('page-prev').disabled = state.page === 0;
    $('page-next').disabled = state.page >= pages - 1;
  }

  function apply() {
    state.rows = rs.filterCases(data, state.filter);
    state.page = 0;
    render();
  }

  for (const [id, key] of [
    ['f-failures', 'failures'],
    ['f-disagree', 'disagree'],
    ['f-errors', 'errors'],
    ['f-skipped', 'skipped'],
  ]) {
    $(id).addEventListener('change', (ev) => {
      state.filter[key] = ev.target.checked;
      apply();
    });
  }
  $('f-slice').addEventListener('change', (ev) => {
    state.filter.slice = ev.target.value ? JSON.parse(ev.target.value) : null;
    apply();
  });
  $('f-model').addEventListener('change', (ev) => {
    state.filter.model = Number(ev.target.value);
    apply();
  });
  let timer = 0;
  $('case-search').addEventListener('input', (ev) => {
    clearTimeout(timer);
    // Searching 10,000 cases on every keystroke would stutter: wait for a pause in typing.
    timer = setTimeout(() => {
      state.filter.query = ev.target.value.trim().toLowerCase();
      apply();
    }, 120);
  });
  $('page-prev').addEventListener('click', () => {
    state.page--;
    render();
  });
  $('page-next').addEventListener('click', () => {
    state.page++;
    render();
  });
  $('detail-close').addEventListener('click', () => $('case-detail').close());

  render();
  document.body.dataset.ready = 'true';
})();
