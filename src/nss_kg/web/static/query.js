// The query page (/query): YASGUI on this server's /sparql, with the packaged queries to start from.
// Loaded from 'self' only (the page's Content-Security-Policy); YASGUI keeps no state between visits.
"use strict";
(function () {
  const element = document.getElementById("yasgui");
  const queries = JSON.parse(document.getElementById("packaged-queries").textContent);
  const endpoint = new URL(element.dataset.endpoint, window.location.href).href;
  const names = Object.keys(queries);
  const yasgui = new Yasgui(element, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { value: names.length ? queries[names[0]] : "SELECT * WHERE { ?s ?p ?o } LIMIT 10" },
  });
  for (const button of document.querySelectorAll("button.load-query")) {
    button.addEventListener("click", function () {
      const tab = yasgui.getTab();
      tab.setQuery(queries[button.dataset.query]);
      tab.setName(button.dataset.query);
    });
  }
  window.nssKgYasgui = yasgui; // for the browser tests
})();
