/* Drag a shift onto another day of the rota calendar: it submits the same form as the "move a shift" page. */
(function () {
  "use strict";
  var form = document.getElementById("rota-move-form");
  if (!form) { return; }
  var dragged = null;
  document.querySelectorAll(".rota-shift[draggable=true]").forEach(function (chip) {
    chip.addEventListener("dragstart", function (event) {
      dragged = chip;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", chip.dataset.shift);
    });
    chip.addEventListener("dragend", function () { dragged = null; });
  });
  document.querySelectorAll(".rota-day[data-date]").forEach(function (day) {
    day.addEventListener("dragover", function (event) {
      if (dragged) { event.preventDefault(); day.classList.add("rota-drop"); }
    });
    day.addEventListener("dragleave", function () { day.classList.remove("rota-drop"); });
    day.addEventListener("drop", function (event) {
      event.preventDefault();
      day.classList.remove("rota-drop");
      if (!dragged || dragged.closest(".rota-day") === day) { return; }
      form.action = dragged.dataset.url;
      form.elements.pattern.value = dragged.dataset.pattern;
      form.elements.person.value = dragged.dataset.person;
      form.elements.state.value = dragged.dataset.state;
      form.elements.version.value = dragged.dataset.version;
      form.elements.date.value = day.dataset.date;
      form.submit();
    });
  });
})();
