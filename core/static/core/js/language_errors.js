/* Keep every error in sight: wagtail-modeltranslation's locale picker may hide one language's
 * fields, and an error on a hidden field is invisible ("Go to the first error" reveals nothing).
 * Show the languages whose fields hold errors, on load and before "Go to the first error". */
(function () {
  'use strict';

  function hiddenLanguagesWithErrors() {
    var languages = new Set();
    document.querySelectorAll('.error-message, .help-critical, [aria-invalid="true"]').forEach(function (error) {
      var hidden = error.closest('.l10n-hidden');
      // The picker hides a field's wrapper; its label ends with the language, e.g. "Body [en]".
      var match = hidden && / \[([a-z]{2,3}(?:-[a-z]+)?)\]/i.exec(hidden.textContent);
      if (match) languages.add(match[1]);
    });
    return languages;
  }

  function reveal() {
    hiddenLanguagesWithErrors().forEach(function (language) {
      document.querySelectorAll('.locale-picker button.locale-toggle').forEach(function (toggle) {
        if (toggle.textContent.trim() === language && !toggle.classList.contains('showing-locale')) {
          toggle.click();
        }
      });
    });
  }

  // The picker is built on jQuery's ready; StreamField errors are drawn when its blocks start.
  window.addEventListener('load', function () { window.setTimeout(reveal, 0); });
  document.addEventListener('click', function (event) {
    if (event.target.closest('[data-w-focus-target-value]')) reveal();
  }, true);
})();
