// Refreshes the Pods table from pods.json every few seconds. Cells are set with textContent, never
// as HTML: pod names come from the cloud.
(function () {
    var table = document.getElementById('kedge-pods');
    if (!table) {
        return;
    }
    var runtime = document.getElementById('kedge-pods-runtime');
    function render(data) {
        runtime.textContent = data.runtime;
        var body = document.createElement('tbody');
        data.rows.forEach(function (row) {
            var tr = document.createElement('tr');
            row.forEach(function (cell) {
                var td = document.createElement('td');
                td.textContent = cell;
                tr.appendChild(td);
            });
            body.appendChild(tr);
        });
        table.replaceChild(body, table.tBodies[0]);
    }
    function refresh() {
        fetch(table.getAttribute('data-json'), {credentials: 'same-origin', cache: 'no-store'})
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (data) { if (data) { render(data); } })
            .catch(function () { /* the next refresh tries again */ });
    }
    setInterval(refresh, 3000);
}());
