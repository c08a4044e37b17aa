// Ask before a form marked data-confirm is sent (merging a duplicate cannot be undone).
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
