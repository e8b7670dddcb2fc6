// Progressive enhancement of the verify-a-file form: drop a file anywhere on the drop zone
// and it is submitted. Without this script the same form works with "Choose a file" and
// "Verify". Served from our origin so a strict Content-Security-Policy allows it.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("verify-form");
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("file");
  const hint = document.getElementById("dropzone-hint");
  if (!form || !zone || !input || !hint) {
    return;
  }
  hint.textContent = "Drop a file here, or choose one";
  const stop = (event) => {
    event.preventDefault();
    event.stopPropagation();
  };
  for (const name of ["dragenter", "dragover"]) {
    zone.addEventListener(name, (event) => {
      stop(event);
      zone.classList.add("dragging");
    });
  }
  zone.addEventListener("dragleave", (event) => {
    stop(event);
    zone.classList.remove("dragging");
  });
  zone.addEventListener("drop", (event) => {
    stop(event);
    zone.classList.remove("dragging");
    const files = event.dataTransfer ? event.dataTransfer.files : null;
    if (!files || files.length === 0) {
      return;
    }
    input.files = files;
    hint.textContent = "Checking " + files[0].name + "…";
    form.submit();
  });
  input.addEventListener("change", () => {
    if (input.files && input.files.length > 0) {
      hint.textContent = "Checking " + input.files[0].name + "…";
      form.submit();
    }
  });
});
