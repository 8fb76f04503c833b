// Hemeroteca's enhancements. Every page works without this file: these only save clicks.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The exact-spelling switch applies at once; the sort order too when chosen with a pointer
  // (keyboard users move through the options with the arrows and confirm with the button).
  var pointer = false;
  document.addEventListener("pointerdown", function () { pointer = true; }, true);
  document.addEventListener("keydown", function () { pointer = false; }, true);
  document.querySelectorAll("[data-submit-on-change]").forEach(function (field) {
    field.addEventListener("change", function () {
      if (field.type === "checkbox" || pointer) field.form.submit();
    });
  });

  // On a phone the filters start folded, so the results come first; not when a link led into them.
  if (window.matchMedia("(max-width: 720px)").matches) {
    var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    document.querySelectorAll("details[data-collapse-narrow]").forEach(function (d) {
      if (!(target && d.contains(target))) d.open = false;
    });
  }

  // A live region filled after load is read out by screen readers: how many results there are.
  var status = document.getElementById("anuncio");
  if (status) {
    setTimeout(function () { status.textContent = status.getAttribute("data-text"); }, 400);
  }

  // A long facet list opened in full (all officials) narrows as one types in its box; the box's own
  // button still asks the server, which also finds the values not drawn in the list.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("[data-filterable]").forEach(function (section) {
    var input = section.querySelector("input[name=filtro]");
    var status = section.querySelector("[role=status]");
    var items = section.querySelectorAll("li");
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var shown = 0;
      items.forEach(function (item) {
        var match = fold(item.querySelector(".label").textContent).indexOf(wanted) !== -1;
        item.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = shown === 1 ? "1 coincidencia en la lista" : shown + " coincidencias en la lista";
    });
  });
})();
