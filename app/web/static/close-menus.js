// Datasette's menus are <details> elements: a click outside an open one closes it.
// (Datasette does this in an inline script, which this server's Content-Security-Policy refuses.)
document.addEventListener("click", function (event) {
  var inside = event.target instanceof Element ? event.target.closest("details") : null;
  document.querySelectorAll("details[open]").forEach(function (details) {
    if (details !== inside) {
      details.open = false;
    }
  });
});
