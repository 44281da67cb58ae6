// Datasette's table page reads this global from an inline script, which this server's
// Content-Security-Policy refuses; facets stay allowed, as Datasette's default says.
window.DATASETTE_ALLOW_FACET = true;
