// Tags each block of the editor that was copied from another language and not yet translated
// (listed by the note at the top of the editor). StreamField blocks are drawn after the page
// loads, so the tags are added as the blocks appear.
(function () {
  'use strict';

  function pending() {
    var result = [];
    document.querySelectorAll('[data-untranslated-blocks]').forEach(function (note) {
      note.dataset.untranslatedBlocks.split(/\s+/).filter(Boolean).forEach(function (id) {
        result.push({ id: id, label: note.dataset.untranslatedLabel });
      });
    });
    return result;
  }

  function tag(blocks) {
    var left = 0;
    blocks.forEach(function (item) {
      var block = document.querySelector('[data-contentpath="' + CSS.escape(item.id) + '"]');
      if (!block) {
        left += 1;
        return;
      }
      if (block.classList.contains('untranslated-block')) return;
      block.classList.add('untranslated-block');
      var heading = block.querySelector('#block-' + CSS.escape(item.id) + '-heading') || block.querySelector('[id$="-heading"]');
      if (heading) {
        var label = document.createElement('span');
        label.className = 'w-status w-status--primary untranslated-block__tag';
        label.textContent = item.label;
        heading.appendChild(label);
      }
    });
    return left;
  }

  function start() {
    var blocks = pending();
    if (!blocks.length || !tag(blocks)) return;
    var observer = new MutationObserver(function () {
      if (!tag(blocks)) observer.disconnect();
    });
    observer.observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
