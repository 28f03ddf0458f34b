// Wagtail renders fields that no panel claims at the end of the form; the choices for fields
// both editors changed belong at the top, under the error banner that points to them, and as
// wide as the fields (inside the tabs' content, above every tab).
(() => {
  const moveUp = () => {
    const box = document.querySelector("[data-concurrent-edits]");
    const form = box && box.closest("form");
    if (!form) return;
    const tabs = form.querySelector(".tab-content");
    if (tabs) {
      const wrapper = document.createElement("div");
      wrapper.className = "w-form-width";
      wrapper.append(box);
      tabs.prepend(wrapper);
      return;
    }
    const fields = form.querySelector(".w-form-width");
    if (fields) fields.prepend(box);
    else form.prepend(box);
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", moveUp);
  } else {
    moveUp();
  }
})();
