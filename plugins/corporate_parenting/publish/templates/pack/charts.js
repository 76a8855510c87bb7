// Draws every chart of the page from the Vega-Lite spec shipped in the page (no network).
// A chart that fails says so in words, and the page records it for the browser tests.
(function () {
  function draw(el) {
    var spec = JSON.parse(document.getElementById(el.dataset.specId).textContent);
    // Fit the page's width (phones included); the PDF keeps the fixed width.
    spec.width = "container";
    spec.autosize = { type: "fit-x", contains: "padding" };
    return window.vegaEmbed(el, spec, { renderer: "svg", actions: false })
      .then(function () {
        el.dataset.rendered = "true";
      })
      .catch(function (error) {
        el.dataset.rendered = "failed";
        el.textContent = "This chart could not be drawn. The table below has the same figures.";
        throw error;
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var charts = Array.prototype.slice.call(document.querySelectorAll(".chart[data-spec-id]"));
    Promise.all(charts.map(draw)).then(function () {
      document.body.dataset.chartsRendered = String(charts.length);
    });
  });
})();
