// Refreshes the Devices table from devices.json every few seconds. Cells are set with textContent, never
// as HTML: device names and values come from the cloud and from mappers.
(function () {
    var table = document.getElementById('kedge-devices');
    if (!table) {
        return;
    }
    var status = document.getElementById('kedge-devices-status');
    function render(data) {
        status.textContent = data.status;
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
// Sends a desired value to the node, which asks the cloud to set it. The answer is shown as text.
(function () {
    var form = document.getElementById('kedge-devices-desired');
    if (!form) {
        return;
    }
    var result = document.getElementById('kedge-devices-result');
    form.addEventListener('submit', function (event) {
        event.preventDefault();
        var headers = {'Content-Type': 'application/x-www-form-urlencoded'};
        headers['X-Kedge-Token'] = form.getAttribute('data-token');
        fetch(form.getAttribute('data-action'), {method: 'POST', credentials: 'same-origin', headers: headers,
                body: new URLSearchParams(new FormData(form)).toString()})
            .then(function (response) { return response.text(); })
            .then(function (text) { result.textContent = text; })
            .catch(function (error) { result.textContent = 'not sent: ' + error; });
    });
}());
