// Wagtail renders fields that no panel claims at the end of the form; the choices for fields
// both editors changed belong at the top, under the error banner that points to them.
(() => {
  const moveUp = () => {
    const box = document.querySelector("[data-concurrent-edits]");
    const form = box && box.closest("form");
    if (!form) return;
    const anchor = form.querySelector(".w-tabs, [data-tabs], .w-form-width, .w-panel") || null;
    if (anchor && anchor.parentElement) {
      anchor.parentElement.insertBefore(box, anchor);
    } else {
      form.prepend(box);
    }
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", moveUp);
  } else {
    moveUp();
  }
})();
