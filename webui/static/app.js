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

  // On a phone the filters start folded, so the results come first.
  if (window.matchMedia("(max-width: 720px)").matches) {
    document.querySelectorAll("details[data-collapse-narrow]").forEach(function (d) { d.open = false; });
  }

  // A live region filled after load is read out by screen readers: how many results there are.
  var status = document.getElementById("anuncio");
  if (status) {
    setTimeout(function () { status.textContent = status.getAttribute("data-text"); }, 400);
  }

  // Long facet lists (all officials) get a box that narrows them as one types.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("[data-filterable]").forEach(function (section) {
    var list = section.querySelector("ul");
    var noun = section.getAttribute("data-filterable");
    var id = "filtro-" + section.id;
    var box = document.createElement("div");
    box.className = "typeahead";
    box.innerHTML = '<label></label><input type="search" autocomplete="off"><p class="visually-hidden" role="status"></p>';
    var label = box.querySelector("label");
    var input = box.querySelector("input");
    var count = box.querySelector("p");
    label.htmlFor = id;
    label.textContent = "Buscar en " + noun;
    input.id = id;
    list.parentNode.insertBefore(box, list);
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var shown = 0;
      list.querySelectorAll("li").forEach(function (item) {
        var match = fold(item.querySelector(".label").textContent).indexOf(wanted) !== -1;
        item.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = shown === 1 ? "1 resultado" : shown + " resultados";
    });
  });
})();
