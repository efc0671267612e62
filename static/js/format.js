/* Figures and dates in the page's language, as kencana.core.formats writes them on the server:
   Indonesian groups thousands with a dot and writes decimals with a comma (12.000,5; 5 Des 2026). */
(function () {
  "use strict";

  function locale() {
    return (document.documentElement.lang || "id").indexOf("en") === 0 ? "en-GB" : "id-ID";
  }

  window.kencanaFormat = {
    // places: exactly that many decimals; without it, those the value needs, at most three.
    number: function (value, places) {
      if (value === null || value === undefined || value === "" || isNaN(Number(value))) { return "—"; }
      var fixed = places === undefined || places === null;
      return new Intl.NumberFormat(locale(), {
        minimumFractionDigits: fixed ? 0 : places,
        maximumFractionDigits: fixed ? 3 : places,
        useGrouping: true
      }).format(Number(value));
    },
    // An ISO date (2026-12-05) as "5 Des 2026".
    date: function (iso) {
      if (!iso) { return "—"; }
      var parts = String(iso).slice(0, 10).split("-").map(Number);
      var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
      return new Intl.DateTimeFormat(locale(), { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })
        .format(day).replace(/\./g, "");
    }
  };
})();
