// Title suggestions for search boxes (input[data-suggest]): filled into the
// box's <datalist>, which the browser offers accessibly. Without JS the
// box is a plain search field.
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var last = "";
    if (!list) return;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var query = input.value.trim();
        if (query === last || query.length === 0) return;
        last = query;
        var scope = input.form && input.form.querySelector("input[name=scope]:checked");
        var url = input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(query) +
          (scope && scope.value === "cluster" ? "&scope=cluster" : "");
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.suggestions.map(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              return option;
            }));
          })
          .catch(function () { /* suggestions are a convenience; typing goes on */ });
      }, 200);
    });
  });
})();
