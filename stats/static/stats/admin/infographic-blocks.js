/*
 * Infographic blocks in the page editor: as soon as a figure is chosen, the wave selects offer only
 * the waves it has a value for (with that value), and a figure of the wrong unit, or a chosen wave
 * without a value, is flagged next to its field. The messages come translated from the server (the
 * block's data attributes, see stats/blocks.py), which also stays the authority: it refuses the
 * same things on save.
 *
 * Markup (set by the blocks' form_attrs): the block has data-controller="stats-infographic" and
 * the URL of the figure data; its figure choosers and wave selects are "figure" and "wave" targets.
 */
(() => {
  const cache = new Map(); // figure id -> Promise of its data (null if unknown)
  let pending = null; // figure id -> resolve, for ids asked for since the last request
  const BATCH = 50; // the most ids the server reads in one request

  // One request for every block that asks in the same tick (a page opens with many blocks).
  function request(url) {
    const batch = [...pending];
    pending = null;
    for (let start = 0; start < batch.length; start += BATCH) {
      const part = batch.slice(start, start + BATCH);
      const query = part.map(([id]) => `id=${encodeURIComponent(id)}`).join('&');
      fetch(`${url}?${query}`, {
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
      })
        .then((response) => (response.ok ? response.json() : Promise.reject(response)))
        .then((data) => part.forEach(([id, resolve]) => resolve(data.figures[id] || null)))
        .catch(() =>
          part.forEach(([id, resolve]) => {
            cache.delete(id); // ask again on the next change
            resolve(null);
          }),
        );
    }
  }

  function load(url, ids) {
    ids.forEach((id) => {
      if (cache.has(id)) return;
      if (!pending) {
        pending = new Map();
        setTimeout(() => request(url), 0);
      }
      cache.set(id, new Promise((resolve) => pending.set(id, resolve)));
    });
    return Promise.all(ids.map((id) => cache.get(id)));
  }

  function format(template, figure) {
    return template.replace('%(figure)s', figure.label);
  }

  function flag(target, message) {
    let note = target.querySelector(':scope [data-stats-flag]');
    if (!message) {
      if (note) note.remove();
      return;
    }
    if (!note) {
      note = document.createElement('p');
      note.className = 'stats-infographic-flag';
      note.setAttribute('role', 'status');
      note.dataset.statsFlag = '';
      (target.querySelector('[data-field-input]') || target).after(note);
    }
    note.textContent = message;
  }

  function register() {
    const { Controller } = window.StimulusModule;

    class InfographicController extends Controller {
      static targets = ['figure', 'wave'];

      static values = { url: String, units: Array, wrongUnit: String, noValue: String };

      connect() {
        this.refresh();
      }

      figureTargetConnected() {
        this.refresh();
      }

      figureTargetDisconnected() {
        this.refresh();
      }

      chosenIds() {
        return this.figureTargets.map((target) => {
          const input = target.querySelector('input[type="hidden"]');
          return input && input.value ? input.value : null;
        });
      }

      async refresh() {
        if (!this.urlValue) return;
        this.runs = (this.runs || 0) + 1;
        const run = this.runs;
        const ids = this.chosenIds();
        const data = await load(this.urlValue, ids.filter(Boolean));
        if (run !== this.runs) return; // a later change is being shown
        const byId = new Map(ids.filter(Boolean).map((id, i) => [id, data[i]]));
        const figures = ids.map((id) => (id ? byId.get(id) : null));

        this.figureTargets.forEach((target, i) => {
          const figure = figures[i];
          const wrong = figure && !this.unitsValue.includes(figure.unit);
          flag(target, wrong ? format(this.wrongUnitValue, figure) : null);
        });

        const chosen = figures.filter(Boolean);
        this.waveTargets.forEach((target) => this.offerWaves(target, chosen));
      }

      offerWaves(target, chosen) {
        const select = target.querySelector('select');
        if (!select) return;
        Array.from(select.options).forEach((option) => {
          if (!option.value) return;
          if (option.dataset.statsLabel === undefined) option.dataset.statsLabel = option.textContent;
          const available = chosen.every((figure) => option.value in figure.waves);
          // Disabled rather than removed, so the stored choice stays visible if it lacks a value.
          option.disabled = !available && !option.selected;
          option.textContent =
            chosen.length === 1 && available
              ? `${option.dataset.statsLabel} · ${chosen[0].waves[option.value]}`
              : option.dataset.statsLabel;
        });
        const lacking = select.value && chosen.find((figure) => !(select.value in figure.waves));
        flag(target, lacking ? format(this.noValueValue, lacking) : null);
      }
    }

    window.wagtail.app.register('stats-infographic', InfographicController);
  }

  if (window.wagtail && window.wagtail.app && window.StimulusModule) {
    register();
  } else {
    document.addEventListener('DOMContentLoaded', register, { once: true });
  }
})();
