// The script of Kedge's live table console pages (LiveTablePage). Every table with a data-json
// attribute is refreshed from that URL every few seconds; the status line right before it (id: the
// table's id, '-', the JSON field it shows) gets that field. Cells are set with textContent, never
// as HTML: names and values come from the cloud, from pods and from device mappers.
(function () {
    Array.prototype.forEach.call(document.querySelectorAll('table[data-json]'), function (table) {
        var status = table.previousElementSibling;
        var field = status.id.substring(table.id.length + 1);
        function render(data) {
            status.textContent = data[field];
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
    });
}());
// A form with data-action and data-token posts its fields there, with the page's token in the
// X-Kedge-Token header (CsrfGuard), and shows the answer as text in its span. A form with a file
// input posts the chosen file's bytes as the body instead (application/octet-stream).
(function () {
    Array.prototype.forEach.call(document.querySelectorAll('form[data-action][data-token]'), function (form) {
        var result = form.querySelector('span');
        var fileInput = form.querySelector('input[type=file]');
        form.addEventListener('submit', function (event) {
            event.preventDefault();
            var file = fileInput && fileInput.files[0];
            var headers = {'Content-Type': file ? 'application/octet-stream' : 'application/x-www-form-urlencoded'};
            headers['X-Kedge-Token'] = form.getAttribute('data-token');
            fetch(form.getAttribute('data-action'), {method: 'POST', credentials: 'same-origin', headers: headers,
                    body: file ? file : new URLSearchParams(new FormData(form)).toString()})
                .then(function (response) { return response.text(); })
                .then(function (text) { result.textContent = text; })
                .catch(function (error) { result.textContent = 'not sent: ' + error; });
        });
    });
}());
